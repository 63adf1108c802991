"""Item cards, thread notes, ops alerts and replies: valid Block Kit, right buttons, no leaks."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot.slackstub.limits import MAX_MESSAGE_BLOCKS, check_blocks, check_message_text
from handlers import ids
from handlers.blocks import (
    PauseReason,
    ThreadNote,
    build_item_card,
    build_not_available_reply,
    build_ops_alert,
    build_thread_note,
)
from handlers.cards import (
    CallCenterStatus,
    ExchangeStatus,
    ItemCard,
    ItemKind,
    ProductInquiryStatus,
    ReturnStatus,
)
from handlers.texts import Lang
from tests.slack.cards_factory import (
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_TEXT,
    NOW,
    all_cards,
    make_card,
)

CARDS = all_cards()
CLOSED_CARDS = [(name, card) for name, card in CARDS if card.is_closed]
OPAQUE_KEYS = ("value", "block_id", "action_id", "callback_id", "private_metadata", "url")


def walk(node: Any, key: str | None = None) -> Iterator[tuple[str | None, Any]]:
    """Yield every (key, value) pair in a nested JSON structure."""
    if isinstance(node, dict):
        for child_key, child in node.items():
            yield from walk(child, child_key)
    elif isinstance(node, list):
        for child in node:
            yield from walk(child, key)
    else:
        yield key, node


def action_ids(card: ItemCard) -> list[str]:
    message = build_item_card(card, now=NOW)
    return [
        element["action_id"]
        for block in message.blocks_as_dicts()
        if block["type"] == "actions"
        for element in block["elements"]
    ]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize(("name", "card"), CARDS, ids=[name for name, _ in CARDS])
def test_card_is_valid_block_kit(name: str, card: ItemCard, lang: Lang) -> None:
    message = build_item_card(card, lang=lang, now=NOW)

    dicts = message.blocks_as_dicts()
    for block in dicts:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()
    assert check_blocks(dicts) == dicts
    assert len(dicts) <= MAX_MESSAGE_BLOCKS
    assert message.text
    check_message_text(message.text)


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (
            make_card(ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.OPEN),
            [ids.ACTION_REPLY, ids.ACTION_CLAIM, ids.ACTION_SHOW_CUSTOMER],
        ),
        (
            make_card(ItemKind.CALL_CENTER_INQUIRY, CallCenterStatus.NEEDS_ANSWER),
            [ids.ACTION_REPLY, ids.ACTION_CLAIM, ids.ACTION_SHOW_CUSTOMER],
        ),
        (
            make_card(ItemKind.CALL_CENTER_INQUIRY, CallCenterStatus.NEEDS_CONFIRM),
            [ids.ACTION_CONFIRM_TRANSFER, ids.ACTION_CLAIM, ids.ACTION_SHOW_CUSTOMER],
        ),
        (
            make_card(ItemKind.RETURN_REQUEST, ReturnStatus.RELEASE_STOP_REQUESTED),
            [
                ids.ACTION_RELEASE_STOPPED,
                ids.ACTION_RELEASE_ALREADY_SHIPPED,
                ids.ACTION_CLAIM,
                ids.ACTION_SHOW_CUSTOMER,
            ],
        ),
        (
            make_card(ItemKind.RETURN_REQUEST, ReturnStatus.REQUESTED),
            [ids.ACTION_CONFIRM_RETURN_RECEIPT, ids.ACTION_CLAIM, ids.ACTION_SHOW_CUSTOMER],
        ),
        (
            make_card(ItemKind.RETURN_REQUEST, ReturnStatus.RECEIPT_CONFIRMED),
            [ids.ACTION_APPROVE_RETURN, ids.ACTION_CLAIM, ids.ACTION_SHOW_CUSTOMER],
        ),
        (
            make_card(ItemKind.EXCHANGE_REQUEST, ExchangeStatus.RECEIVED),
            [
                ids.ACTION_CONFIRM_EXCHANGE_RECEIPT,
                ids.ACTION_REJECT_EXCHANGE,
                ids.ACTION_CLAIM,
                ids.ACTION_SHOW_CUSTOMER,
            ],
        ),
        (
            make_card(ItemKind.EXCHANGE_REQUEST, ExchangeStatus.RECEIVED, claimed_by="U0AGENT01"),
            [
                ids.ACTION_CONFIRM_EXCHANGE_RECEIPT,
                ids.ACTION_REJECT_EXCHANGE,
                ids.ACTION_RELEASE_CLAIM,
                ids.ACTION_SHOW_CUSTOMER,
            ],
        ),
        (
            make_card(ItemKind.EXCHANGE_REQUEST, ExchangeStatus.IN_PROGRESS),
            [ids.ACTION_CLAIM, ids.ACTION_SHOW_CUSTOMER],
        ),
    ],
    ids=[
        "product-open",
        "call-center-answer",
        "call-center-transfer",
        "return-release-stop",
        "return-requested",
        "return-receipt-confirmed",
        "exchange-received",
        "exchange-claimed",
        "exchange-in-progress",
    ],
)
def test_buttons_for_open_items(card: ItemCard, expected: list[str]) -> None:
    assert action_ids(card) == expected


@pytest.mark.parametrize(("name", "card"), CLOSED_CARDS, ids=[name for name, _ in CLOSED_CARDS])
def test_closed_item_keeps_only_show(name: str, card: ItemCard) -> None:
    assert action_ids(card) == [ids.ACTION_SHOW_CUSTOMER]


def test_final_status_removes_actions() -> None:
    card = make_card(ItemKind.RETURN_REQUEST, ReturnStatus.COMPLETED)

    assert card.is_closed
    assert action_ids(card) == [ids.ACTION_SHOW_CUSTOMER]


@pytest.mark.parametrize(
    ("card", "action_id"),
    [
        (
            make_card(ItemKind.RETURN_REQUEST, ReturnStatus.REQUESTED),
            ids.ACTION_CONFIRM_RETURN_RECEIPT,
        ),
        (
            make_card(ItemKind.RETURN_REQUEST, ReturnStatus.RECEIPT_CONFIRMED),
            ids.ACTION_APPROVE_RETURN,
        ),
        (
            make_card(ItemKind.EXCHANGE_REQUEST, ExchangeStatus.RECEIVED),
            ids.ACTION_CONFIRM_EXCHANGE_RECEIPT,
        ),
    ],
    ids=["confirm-receipt", "approve", "exchange-receipt"],
)
def test_irreversible_buttons_have_confirm(card: ItemCard, action_id: str) -> None:
    blocks = build_item_card(card, now=NOW).blocks_as_dicts()

    buttons = [
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    ]
    assert len(buttons) == 1
    assert buttons[0]["confirm"]["title"]["text"]
    assert buttons[0]["confirm"]["confirm"]["text"] == "진행"


@pytest.mark.parametrize(("name", "card"), CARDS, ids=[name for name, _ in CARDS])
def test_no_customer_data_in_ids(name: str, card: ItemCard) -> None:
    message = build_item_card(card, now=NOW)
    canaries = (CANARY_NAME, CANARY_PHONE, CANARY_TEXT)

    pairs = list(walk(message.blocks_as_dicts()))
    opaque = [str(value) for key, value in pairs if key in OPAQUE_KEYS]
    texts = [str(value) for key, value in pairs if key == "text"]
    for canary in canaries:
        assert not any(canary in value for value in opaque), canary
        assert any(canary in value for value in texts), canary
        assert canary not in message.text
    values = [value for key, value in pairs if key == "value"]
    assert set(values) == {"42"}


def test_customer_text_is_plain_text() -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY,
        ProductInquiryStatus.OPEN,
        masked_text="<!channel> *급해요* 홍*동",
        masked_fields=(("field.receiver_name", "홍*동"),),
    )

    blocks = build_item_card(card, now=NOW).blocks_as_dicts()

    text_block = next(b for b in blocks if b.get("block_id") == "item:42:text")
    field_block = next(b for b in blocks if b.get("block_id") == "item:42:fields0")
    assert text_block["text"]["type"] == "plain_text"
    assert text_block["text"]["text"].endswith("<!channel> *급해요* 홍*동")
    assert field_block["fields"][0]["type"] == "plain_text"


def test_product_name_is_escaped() -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.OPEN, product_name="<!here> & co"
    )

    message = build_item_card(card, now=NOW)

    summary = message.blocks_as_dicts()[1]
    assert "&lt;!here&gt; &amp; co" in summary["fields"][0]["text"]
    assert "<!here>" not in message.text
    assert "&lt;!here&gt;" in message.text


@pytest.mark.parametrize("lang", list(Lang))
def test_huge_text_is_truncated(lang: Lang) -> None:
    huge = "가" * 10_000
    card = make_card(
        ItemKind.CALL_CENTER_INQUIRY,
        CallCenterStatus.NEEDS_ANSWER,
        masked_text=huge,
        masked_fields=(("field.delivery_memo", "나" * 5_000),),
    )

    blocks = build_item_card(card, lang=lang, now=NOW).blocks_as_dicts()

    text_value = next(b for b in blocks if b.get("block_id") == "item:42:text")["text"]["text"]
    field_value = next(b for b in blocks if b.get("block_id") == "item:42:fields0")["fields"][0]
    assert len(text_value) <= 3_000
    assert len(field_value["text"]) <= 2_000
    kept_count = text_value.count("가")
    omitted = str(10_000 - kept_count)
    assert omitted in text_value
    assert ("생략" if lang is Lang.KO else "not shown") in text_value
    assert check_blocks(blocks) == blocks


def test_many_fields_split_into_sections() -> None:
    fields = tuple(("field.quantity", str(n)) for n in range(23))
    card = make_card(ItemKind.RETURN_REQUEST, ReturnStatus.REQUESTED, masked_fields=fields)

    blocks = build_item_card(card, now=NOW).blocks_as_dicts()

    sections = [b for b in blocks if b.get("block_id", "").startswith("item:42:fields")]
    assert [len(s["fields"]) for s in sections] == [10, 10, 3]


def test_deadline_shows_time_left_and_zone() -> None:
    card = make_card(ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.OPEN)

    ko = build_item_card(card, now=NOW).blocks_as_dicts()[1]["fields"][4]["text"]
    en = build_item_card(card, lang=Lang.EN, now=NOW, tz=UTC).blocks_as_dicts()[1]["fields"][4]

    assert ko == "*처리 기한*\n2026-12-04 20:12 KST (3시간 12분 남음)"
    assert en["text"] == "*Deadline*\n2026-12-04 11:12 UTC (3 h 12 min left)"


def test_deadline_passed_shows_overdue() -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY,
        ProductInquiryStatus.OPEN,
        deadline_at=NOW - timedelta(days=1, hours=2),
        overdue=True,
    )

    message = build_item_card(card, lang=Lang.EN, now=NOW)

    fields = message.blocks_as_dicts()[1]["fields"]
    assert fields[4]["text"].endswith("(Overdue by 1 d 2 h)")
    assert message.blocks_as_dicts()[0]["text"]["text"].startswith("⏰")


@pytest.mark.parametrize(
    ("changes", "assignee", "answer"),
    [
        (
            {"claimed_by": "U0AGENT01", "answered_by": "W0AGENT02"},
            "<@U0AGENT01>",
            "<@W0AGENT02> · 2026-12-04 17:00 KST",
        ),
        (
            {"claimed_by": "<!channel>", "answered_by": "wing-user-1"},
            "&lt;!channel&gt;",
            "wing-user-1 · 2026-12-04 17:00 KST",
        ),
    ],
    ids=["slack-ids", "other-ids"],
)
def test_user_references(changes: dict[str, Any], assignee: str, answer: str) -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.ANSWERED, answered_at=NOW, **changes
    )

    fields = build_item_card(card, now=NOW).blocks_as_dicts()[1]["fields"]

    assert fields[5]["text"] == f"*담당자*\n{assignee}"
    assert fields[6]["text"] == f"*답변*\n{answer}"


def test_passed_deadline_marks_header() -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.OPEN, deadline_at=NOW - timedelta(minutes=5)
    )

    header = build_item_card(card, now=NOW).blocks_as_dicts()[0]["text"]["text"]

    assert header.startswith("⏰")


def test_no_deadline_is_stated() -> None:
    card = make_card(ItemKind.EXCHANGE_REQUEST, ExchangeStatus.RECEIVED, deadline_at=None)

    fields = build_item_card(card, now=NOW).blocks_as_dicts()[1]["fields"]

    assert fields[4]["text"] == "*처리 기한*\n기한 없음"


def test_answered_in_wing_is_shown() -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.ANSWERED, answered_at=NOW, handled=True
    )

    fields = build_item_card(card, now=NOW).blocks_as_dicts()[1]["fields"]

    assert fields[-1]["text"] == "*답변*\nWING에서 답변 · 2026-12-04 17:00 KST"


def test_card_rejects_naive_now() -> None:
    card = make_card(ItemKind.RETURN_REQUEST, ReturnStatus.REQUESTED)

    with pytest.raises(ValueError, match="timezone-aware"):
        build_item_card(card, now=NOW.replace(tzinfo=None))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": ReturnStatus.REQUESTED}, "does not belong"),
        ({"created_at": NOW.replace(tzinfo=None)}, "timezone-aware"),
        ({"deadline_at": NOW.replace(tzinfo=None)}, "timezone-aware"),
        ({"masked_fields": (("field.no_such_label", "x"),)}, "unknown field label"),
        ({"item_id": 0}, "positive row id"),
    ],
    ids=[
        "status-kind",
        "naive-created",
        "naive-deadline",
        "label-key",
        "item-id",
    ],
)
def test_item_card_validates(changes: dict[str, Any], message: str) -> None:
    card = make_card(ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.OPEN)

    with pytest.raises(ValueError, match=message):
        replace(card, **changes)


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("note", list(ThreadNote))
def test_thread_note_is_valid(note: ThreadNote, lang: Lang) -> None:
    message = build_thread_note(note, lang=lang, at=NOW)

    dicts = message.blocks_as_dicts()
    assert check_blocks(dicts) == dicts
    assert message.text in dicts[0]["text"]["text"]
    assert "2026-12-04 17:00 KST" in dicts[1]["elements"][0]["text"]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("reason", list(PauseReason))
def test_ops_alert_is_valid(reason: PauseReason, lang: Lang) -> None:
    message = build_ops_alert(
        vendor_id="A00012345", reason=reason, lang=lang, now=NOW, minutes_without_poll=30
    )

    dicts = message.blocks_as_dicts()
    assert check_blocks(dicts) == dicts
    assert "A00012345" in dicts[0]["text"]["text"]
    assert "A00012345" in message.text


def test_stalled_alert_needs_minutes() -> None:
    with pytest.raises(ValueError, match="minutes_without_poll"):
        build_ops_alert(vendor_id="A00012345", reason=PauseReason.NO_SUCCESSFUL_POLL, now=NOW)


def test_stalled_alert_names_minutes() -> None:
    message = build_ops_alert(
        vendor_id="A00012345",
        reason=PauseReason.NO_SUCCESSFUL_POLL,
        lang=Lang.EN,
        now=NOW,
        minutes_without_poll=45,
    )

    assert "45 minutes" in message.text


@pytest.mark.parametrize("lang", list(Lang))
def test_not_available_reply(lang: Lang) -> None:
    message = build_not_available_reply(lang=lang)

    dicts = message.blocks_as_dicts()
    assert check_blocks(dicts) == dicts
    assert "WING" in message.text


def test_answer_text_shown_as_plain_text() -> None:
    card = make_card(
        ItemKind.ONLINE_INQUIRY, ProductInquiryStatus.ANSWERED, answer_text="*내일* 출고 <!here>"
    )

    blocks = build_item_card(card, now=NOW).blocks_as_dicts()

    answer = [b for b in blocks if b.get("block_id") == ids.item_block_id(42, "answer")]
    assert len(answer) == 1
    assert answer[0]["text"]["type"] == "plain_text"
    assert answer[0]["text"]["text"] == "판매자 답변\n*내일* 출고 <!here>"
