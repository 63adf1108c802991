"""views.* on the stand-in: trigger ids expire and are single use, hashes, stacks, App Home."""

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slackstub import ManualClock, SlackStub


def modal(title: str = "Reply", *, blocks: int = 1) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "reply_modal",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [
            {
                "type": "input",
                "block_id": f"answer_{n}",
                "label": {"type": "plain_text", "text": "Answer"},
                "element": {"type": "plain_text_input", "action_id": "answer"},
            }
            for n in range(blocks)
        ],
    }


async def test_open_with_fresh_trigger(stub: SlackStub, client: AsyncWebClient) -> None:
    agent = stub.add_user("agent")
    trigger_id = stub.issue_trigger_id(agent.id)

    response = await client.views_open(trigger_id=trigger_id, view=modal())

    view = response["view"]
    assert view["id"].startswith("V")
    assert view["callback_id"] == "reply_modal"
    assert stub.surfaces.modal_stacks[agent.id] == [view["id"]]


async def test_trigger_is_single_use(stub: SlackStub, client: AsyncWebClient) -> None:
    trigger_id = stub.issue_trigger_id(stub.add_user("agent").id)
    await client.views_open(trigger_id=trigger_id, view=modal())

    with pytest.raises(SlackApiError) as raised:
        await client.views_open(trigger_id=trigger_id, view=modal())

    assert raised.value.response["error"] == "expired_trigger_id"


async def test_trigger_expires_after_three_seconds(
    stub: SlackStub, client: AsyncWebClient, clock: ManualClock
) -> None:
    agent = stub.add_user("agent")
    in_time = stub.issue_trigger_id(agent.id)
    too_late = stub.issue_trigger_id(agent.id)

    clock.advance(3.0)
    await client.views_open(trigger_id=in_time, view=modal())
    clock.advance(0.1)
    with pytest.raises(SlackApiError) as raised:
        await client.views_open(trigger_id=too_late, view=modal())

    assert raised.value.response["error"] == "expired_trigger_id"


async def test_unknown_trigger_is_invalid(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.views_open(trigger_id="1.2.deadbeef", view=modal())

    assert raised.value.response["error"] == "invalid_arguments"


@pytest.mark.parametrize(
    "view",
    [
        modal(blocks=101),
        {**modal(), "title": {"type": "plain_text", "text": "t" * 25}},
        {key: value for key, value in modal().items() if key != "submit"},
    ],
    ids=["101-blocks", "title-25", "input-without-submit"],
)
async def test_invalid_modal_is_rejected(
    stub: SlackStub, client: AsyncWebClient, view: dict[str, Any]
) -> None:
    trigger_id = stub.issue_trigger_id(stub.add_user("agent").id)

    with pytest.raises(SlackApiError) as raised:
        await client.views_open(trigger_id=trigger_id, view=view)

    assert raised.value.response["error"] == "invalid_arguments"


async def test_update_checks_hash(stub: SlackStub, client: AsyncWebClient) -> None:
    trigger_id = stub.issue_trigger_id(stub.add_user("agent").id)
    opened = (await client.views_open(trigger_id=trigger_id, view=modal("Loading")))["view"]

    updated = await client.views_update(
        view_id=opened["id"], hash=opened["hash"], view=modal("Reply")
    )
    with pytest.raises(SlackApiError) as raised:
        await client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Again"))

    assert updated["view"]["title"]["text"] == "Reply"
    assert updated["view"]["hash"] != opened["hash"]
    assert raised.value.response["error"] == "hash_conflict"


async def test_update_unknown_view(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.views_update(view_id="V0NOPE", view=modal())

    assert raised.value.response["error"] == "not_found"


async def test_push_stops_at_three_views(stub: SlackStub, client: AsyncWebClient) -> None:
    agent = stub.add_user("agent")
    root = await client.views_open(trigger_id=stub.issue_trigger_id(agent.id), view=modal())
    pushed = await client.views_push(trigger_id=stub.issue_trigger_id(agent.id), view=modal())
    await client.views_push(trigger_id=stub.issue_trigger_id(agent.id), view=modal())

    with pytest.raises(SlackApiError) as raised:
        await client.views_push(trigger_id=stub.issue_trigger_id(agent.id), view=modal())

    assert pushed["view"]["root_view_id"] == root["view"]["id"]
    assert pushed["view"]["previous_view_id"] == root["view"]["id"]
    assert raised.value.response["error"] == "push_limit_reached"


async def test_publish_home_view(stub: SlackStub, client: AsyncWebClient) -> None:
    agent = stub.add_user("agent")
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "3 open items"}}],
    }

    first = await client.views_publish(user_id=agent.id, view=home)
    second = await client.views_publish(user_id=agent.id, view=home)
    with pytest.raises(SlackApiError) as raised:
        await client.views_publish(user_id=agent.id, view=modal())

    assert first["view"]["id"] == second["view"]["id"]
    assert stub.surfaces.home_views[agent.id] == first["view"]["id"]
    assert raised.value.response["error"] == "invalid_arguments"
