"""`/cs show|claim|release <id>` responds with a message to every id that passes its digit check.

`str.isdigit()` accepts superscripts such as ² that `int()` rejects, and ids longer than
a 64-bit integer overflow the database query. Both made the listener raise before its
ack, so the app returned HTTP 500 and Slack showed the user only a generic failure.
"""

import pytest

from bot.slackstub.signed_requests import (
    build_slash_command_payload,
    post_to_app,
    sign_slash_command,
)
from tests.handlers.harness import AGENT, Bot


@pytest.mark.parametrize(
    "command_text",
    ["show ²", "claim ³⁴", "show 99999999999999999999999", "release 9223372036854775808"],
    ids=["superscript", "superscripts", "above-int64", "int64-max-plus-one"],
)
async def test_odd_item_id_gets_ephemeral_message(bot: Bot, command_text: str) -> None:
    fields = build_slash_command_payload(
        user_id=AGENT,
        channel_id=bot.env.channel_ids["inquiries"],
        text=command_text,
        trigger_id=bot.env.slack.issue_trigger_id(AGENT),
    )

    response = await post_to_app(bot.url, sign_slash_command(fields, signing_secret=bot.secret))

    assert response.status == 200
    assert response.json()["response_type"] == "ephemeral"
    assert response.json()["text"]
