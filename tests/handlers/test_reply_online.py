"""Product inquiry reply: modal first, checks on the server, exactly one Coupang reply."""

import asyncio

from bot.local_env import LocalEnvironment
from bot.settings import Settings
from bot.storage import record_attempt
from bot.storage.tables import AttemptState, ItemKind
from coupang.sandbox import FaultKind, FaultRule
from handlers import ids
from handlers.modals import REPLY_TEXT_BLOCK_PREFIX
from tests.handlers.harness import (
    AGENT,
    BAD_WING,
    NOBODY,
    OTHER_TEAM,
    OUTSIDER,
    Bot,
    advance,
    run_bot,
    wait_for,
    wait_for_ephemerals,
)

REPLY = "안녕하세요.\r\n내일 출고됩니다."


def reply_calls(env: LocalEnvironment) -> list[object]:
    return [
        call
        for call in env.sandbox.state.calls
        if call.method == "POST" and "onlineInquiries" in call.path and call.status < 300
    ]


async def posted_inquiry(bot: Bot) -> tuple[int, object]:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    return inquiry.inquiry_id, await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)


async def test_reply_button_opens_modal_then_fills_it(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)

    response = await bot.click(AGENT, ids.ACTION_REPLY, item)

    assert response.status == 200
    surfaces = bot.env.slack.surfaces
    await wait_for(lambda: bot.env.slack.calls("views.update"))
    opened = bot.env.slack.calls("views.open")
    assert len(opened) == 1
    assert opened[0].ok
    view = next(iter(surfaces.views.values())).payload
    assert view["callback_id"] == ids.CALLBACK_REPLY_MODAL
    block_ids = [block.get("block_id") for block in view["blocks"]]
    assert REPLY_TEXT_BLOCK_PREFIX in block_ids
    assert "reply_template" in block_ids
    assert view["submit"]["type"] == "plain_text"
    assert str(inquiry_id) not in view["private_metadata"]


async def test_reply_submit_answers_once_and_updates_card(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)

    response = await bot.submit_reply(AGENT, item, REPLY, view_id="V0REPLY001")
    assert response.status == 200
    messages = await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    inquiry = bot.env.sandbox.state.store.product_inquiries[inquiry_id]
    assert [comment.content for comment in inquiry.comments] == ["안녕하세요.\n내일 출고됩니다."]
    assert len(reply_calls(bot.env)) == 1
    assert "완료" in messages[0].text
    stored = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry_id)
    assert stored.status == "answered"
    assert stored.answered_by == AGENT
    card = bot.env.slack.workspace.channels[item.slack_channel or ""].find_message(
        item.slack_ts or ""
    )
    assert card is not None
    rendered = str(card.blocks)
    assert ids.ACTION_REPLY not in rendered
    assert f"<@{AGENT}>" in rendered
    assert "내일 출고됩니다" in rendered
    assert len(card.replies) == 1
    assert "내일 출고됩니다" in str(card.replies[0].blocks)
    records = await bot.access_records()
    assert [(r.action, r.result) for r in records] == [("reply_online_inquiry", "done")]
    assert records[0].coupang_id == inquiry_id


async def test_double_submit_sends_one_reply(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)

    first, second = await asyncio.gather(
        bot.submit_reply(AGENT, item, REPLY, view_id="V0DOUBLE01"),
        bot.submit_reply(AGENT, item, REPLY, view_id="V0DOUBLE01"),
    )

    assert first.status == 200
    assert second.status == 200
    messages = await wait_for_ephemerals(bot, AGENT, 2)
    assert len(reply_calls(bot.env)) == 1
    texts = sorted(message.text for message in messages)
    assert any("완료" in text for text in texts)
    assert any("다시 보내지 않았습니다" in text for text in texts)


async def test_retried_delivery_sends_one_reply(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)
    retry = {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0RETRY001")
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0RETRY001", headers=retry)
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0RETRY001", socket_mode=True)
    await wait_for_ephemerals(bot, AGENT, 3)

    assert len(reply_calls(bot.env)) == 1


async def test_template_pick_fills_text_box(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)
    await bot.click(AGENT, ids.ACTION_REPLY, item)
    await wait_for(lambda: bot.env.slack.calls("views.update"))
    view_id = next(iter(bot.env.slack.surfaces.views))
    stored_view = bot.env.slack.surfaces.views[view_id]
    payload = {
        "type": "block_actions",
        "user": {"id": AGENT, "team_id": "T0CSBOT01"},
        "team": {"id": "T0CSBOT01"},
        "api_app_id": "A0CSBOT01",
        "trigger_id": bot.env.slack.issue_trigger_id(AGENT),
        "container": {"type": "view", "view_id": view_id},
        "view": stored_view.to_api("T0CSBOT01"),
        "actions": [
            {
                "type": "static_select",
                "action_id": ids.ACTION_REPLY_TEMPLATE,
                "block_id": "reply_template",
                "selected_option": {"value": "checking_order"},
            }
        ],
    }

    response = await bot.send_interaction(payload)
    await wait_for(lambda: len(bot.env.slack.calls("views.update")) >= 2)

    assert response.status == 200
    view = bot.env.slack.surfaces.views[view_id].payload
    text_box = next(block for block in view["blocks"] if block["type"] == "input")
    assert text_box["block_id"] == f"{REPLY_TEXT_BLOCK_PREFIX}:checking_order"
    assert "[agent]" in text_box["element"]["initial_value"]
    marker = await bot.submit_reply(
        AGENT, item, text_box["element"]["initial_value"], view_id="V0MARKER01"
    )
    assert "대괄호" in marker.json()["errors"][REPLY_TEXT_BLOCK_PREFIX]


async def test_second_modal_reports_already_answered(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0FIRST001")
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.submit_reply(AGENT, item, "다른 답변", view_id="V0SECOND01")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert len(reply_calls(bot.env)) == 1
    assert "이미 처리" in messages[1].text


async def test_two_instances_one_database_reply_once(
    bot: Bot, env: LocalEnvironment, settings: Settings
) -> None:
    _, item = await posted_inquiry(bot)

    async with run_bot(env, settings) as second:
        results = await asyncio.gather(
            bot.submit_reply(AGENT, item, REPLY, view_id="V0REPLICA1"),
            second.submit_reply(AGENT, item, REPLY, view_id="V0REPLICA1"),
        )
        await wait_for_ephemerals(bot, AGENT, 2)

    assert [result.status for result in results] == [200, 200]
    assert len(reply_calls(env)) == 1
    attempts = await bot.attempts()
    assert len(attempts) == 1


async def test_reply_refused_without_role(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)

    await bot.submit_reply(NOBODY, item, REPLY, view_id="V0NOROLE01")
    messages = await wait_for_ephemerals(bot, NOBODY, 1)

    assert "권한이 없습니다" in messages[0].text
    assert reply_calls(bot.env) == []
    records = await bot.access_records()
    assert [(r.slack_user_id, r.result) for r in records] == [(NOBODY, "rejected_role")]
    assert records[0].coupang_id == inquiry_id
    assert records[0].reference_id and records[0].reference_id in messages[0].text


async def test_reply_refused_for_other_workspace(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)
    payload_team = OTHER_TEAM

    response = await bot.click(OUTSIDER, ids.ACTION_SHOW_CUSTOMER, item, team_id=payload_team)
    messages = await wait_for_ephemerals(bot, OUTSIDER, 1)

    assert response.status == 200
    assert "다른 워크스페이스" in messages[0].text
    records = await bot.access_records()
    assert [(r.slack_team_id, r.result) for r in records] == [(OTHER_TEAM, "rejected_team")]


async def test_empty_and_long_reply_show_field_errors(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)

    empty = await bot.submit_reply(AGENT, item, "  \n ", view_id="V0EMPTY001")
    long = await bot.submit_reply(AGENT, item, "가" * 2001, view_id="V0LONG0001")

    assert empty.json()["response_action"] == "errors"
    assert empty.json()["errors"] == {REPLY_TEXT_BLOCK_PREFIX: "답변을 입력하세요."}
    assert "2000" in long.json()["errors"][REPLY_TEXT_BLOCK_PREFIX]
    assert reply_calls(bot.env) == []


async def test_own_invalid_wing_id_is_not_replaced(bot: Bot) -> None:
    # The vendor's shared WING id is valid, so a rejection proves the user's own id was sent.
    _, item = await posted_inquiry(bot)

    await bot.submit_reply(BAD_WING, item, REPLY, view_id="V0BADWING1")
    messages = await wait_for_ephemerals(bot, BAD_WING, 1)

    assert "WING 아이디가 올바르지 않습니다" in messages[0].text
    assert "[wing_users]" in messages[0].text
    attempts = await bot.attempts()
    assert attempts[0].state == AttemptState.FAILED
    records = await bot.access_records()
    assert records[-1].result == "coupang_rejected"


async def test_server_error_leaves_attempt_unknown(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    bot.env.sandbox.state.faults.add(
        FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern="/replies", method="POST")
    )

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SERVER01")
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SERVER01")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert "반영이 확인되지 않았습니다" in messages[0].text
    assert "다시 보내지 않았습니다" in messages[1].text
    attempts = await bot.attempts()
    assert [attempt.state for attempt in attempts] == [AttemptState.UNKNOWN]
    assert bot.env.sandbox.state.store.product_inquiries[inquiry_id].comments == []


async def test_unknown_attempt_retried_after_check(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    bot.env.sandbox.state.faults.add(
        FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern="/replies", method="POST")
    )
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SERVER02")
    await wait_for_ephemerals(bot, AGENT, 1)
    advance(bot.env, minutes=3)

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SERVER02")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert "완료했습니다" in messages[1].text
    assert len(bot.env.sandbox.state.store.product_inquiries[inquiry_id].comments) == 1
    attempts = await bot.attempts()
    assert [attempt.state for attempt in attempts] == [AttemptState.FAILED, AttemptState.DONE]


async def test_unknown_attempt_settled_when_applied(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    state = bot.env.sandbox.state
    state.faults.add(FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern="/replies", method="POST"))
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SERVER03")
    await wait_for_ephemerals(bot, AGENT, 1)
    # Coupang applied the reply after all, although the call returned 500.
    state.answer_product_inquiry(inquiry_id, "안녕하세요.\n내일 출고됩니다.")
    advance(bot.env, minutes=3)

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SERVER03")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert "완료했습니다" in messages[1].text
    assert len(state.store.product_inquiries[inquiry_id].comments) == 1
    attempts = await bot.attempts()
    assert [attempt.state for attempt in attempts] == [AttemptState.DONE]


async def test_inquiry_answered_in_wing_is_reported(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    bot.env.sandbox.state.answer_product_inquiry(inquiry_id, "WING에서 답변")

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0HANDLED1")
    messages = await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    assert "이미 처리" in messages[0].text
    assert reply_calls(bot.env) == []
    stored = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry_id)
    assert stored.status == "answered"


async def test_expired_trigger_tells_user(bot: Bot) -> None:
    _, item = await posted_inquiry(bot)

    await bot.click(AGENT, ids.ACTION_REPLY, item, trigger_id="1.1.expired")
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    assert "다시 시도하세요" in messages[0].text
    assert bot.env.slack.calls("views.update") == []


async def test_abandoned_attempt_settled_after_crash(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    # A process recorded the attempt and crashed before calling Coupang.
    async with bot.deps.sessions.begin() as session:
        await record_attempt(
            session,
            item_id=item.id,
            action="reply_online_inquiry",
            user_id=AGENT,
            team_id="T0CSBOT01",
            now=bot.env.sandbox.state.clock.now(),
            view_id="V0CRASH001",
        )

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0CRASH001")
    early = await wait_for_ephemerals(bot, AGENT, 1)
    advance(bot.env, minutes=11)
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0CRASH001")
    late = await wait_for_ephemerals(bot, AGENT, 2)

    assert "다시 보내지 않았습니다" in early[0].text
    assert "완료했습니다" in late[1].text
    assert len(bot.env.sandbox.state.store.product_inquiries[inquiry_id].comments) == 1


async def test_unknown_reply_settled_at_once_when_shown(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    state = bot.env.sandbox.state
    state.faults.add(FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern="/replies", method="POST"))
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SHOWN001")
    await wait_for_ephemerals(bot, AGENT, 1)
    # Coupang applied the reply after all, and a new modal is submitted at once.
    state.answer_product_inquiry(inquiry_id, "안녕하세요.\n내일 출고됩니다.")

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SHOWN002")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert "완료했습니다" in messages[1].text
    assert len(state.store.product_inquiries[inquiry_id].comments) == 1
    attempts = await bot.attempts()
    assert [attempt.state for attempt in attempts] == [AttemptState.DONE]


async def test_unknown_reply_resent_from_new_modal_later(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    bot.env.sandbox.state.faults.add(
        FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern="/replies", method="POST")
    )
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0LATER001")
    await wait_for_ephemerals(bot, AGENT, 1)
    advance(bot.env, minutes=3)

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0LATER002")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert "완료했습니다" in messages[1].text
    assert len(bot.env.sandbox.state.store.product_inquiries[inquiry_id].comments) == 1
    attempts = await bot.attempts()
    assert [attempt.state for attempt in attempts] == [AttemptState.FAILED, AttemptState.DONE]


async def test_started_reply_blocks_other_modal(bot: Bot) -> None:
    inquiry_id, item = await posted_inquiry(bot)
    # Another request recorded its attempt and is still waiting for Coupang.
    async with bot.deps.sessions.begin() as session:
        await record_attempt(
            session,
            item_id=item.id,
            action="reply_online_inquiry",
            user_id=AGENT,
            team_id="T0CSBOT01",
            now=bot.env.sandbox.state.clock.now(),
            view_id="V0INFLIGHT",
        )

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0OTHERMODAL")
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    assert "다시 보내지 않았습니다" in messages[0].text
    assert bot.env.sandbox.state.store.product_inquiries[inquiry_id].comments == []
