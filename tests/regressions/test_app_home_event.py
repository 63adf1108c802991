"""The `app_home_opened` event that the manifest subscribes to is acknowledged.

`manifest.yml` enables the Home tab and subscribes to `app_home_opened`, but no listener
handles it, so Bolt responds to every Home tab visit with HTTP 404 and a warning. Slack retries
events that do not get a 2xx response and may turn off the subscription of an app whose
events keep failing.
"""

from bot.slackstub.signed_requests import (
    build_app_home_opened_payload,
    post_to_app,
    sign_event,
)
from tests.handlers.harness import AGENT, Bot


async def test_home_tab_visit_is_acknowledged(bot: Bot) -> None:
    payload = build_app_home_opened_payload(user_id=AGENT)

    response = await post_to_app(bot.url, sign_event(payload, signing_secret=bot.secret))

    assert response.status == 200
