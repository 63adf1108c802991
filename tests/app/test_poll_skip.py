"""Steady-state polls skip records whose source fingerprint matches the stored one.

A skipped record is neither masked nor upserted. The tests show this by overwriting the stored
state fingerprint: a full upsert would see a different state and count the item changed, and
a skip leaves the row as it is.
"""

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.deps import Deps
from bot.local_env import LocalEnvironment
from bot.storage import StoredItem, find_item
from bot.storage.tables import Item, ItemKind
from coupang.sandbox import FaultKind, FaultRule, SandboxState
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance

FOREIGN_STATE = "0" * 64


async def stored_item(deps: Deps, kind: ItemKind, coupang_id: int) -> StoredItem:
    async with deps.sessions.begin() as session:
        stored = await find_item(session, VENDOR_ID, kind, coupang_id, cipher=deps.cipher)
    assert stored is not None
    return stored


async def overwrite_state_fingerprints(deps: Deps) -> None:
    async with deps.sessions.begin() as session:
        await session.execute(update(Item).values(state_fingerprint=FOREIGN_STATE))


async def source_fingerprint(deps: Deps, kind: ItemKind, coupang_id: int) -> str | None:
    async with deps.sessions.begin() as session:
        row = await session.get(Item, (await stored_item(deps, kind, coupang_id)).id)
        assert row is not None
        return row.source_fingerprint


def add_one(state: SandboxState, kind: ItemKind) -> int:
    if kind == ItemKind.ONLINE_INQUIRY:
        return state.add_product_inquiry().inquiry_id
    if kind == ItemKind.CALL_CENTER_INQUIRY:
        return state.add_call_center_inquiry().inquiry_id
    if kind == ItemKind.RETURN_REQUEST:
        return state.add_return().receipt_id
    return state.add_exchange().exchange_id


@pytest.mark.parametrize("kind", list(ItemKind))
async def test_unchanged_record_is_skipped(
    local_env: LocalEnvironment, open_bot: OpenBot, kind: ItemKind
) -> None:
    coupang_id = add_one(local_env.sandbox.state, kind)

    async with open_bot() as deps:
        first = await deps.poller.poll(VENDOR_ID, kind)
        before = await stored_item(deps, kind, coupang_id)
        await overwrite_state_fingerprints(deps)
        advance(local_env, minutes=5)
        second = await deps.poller.poll(VENDOR_ID, kind)
        after = await stored_item(deps, kind, coupang_id)

    assert first.counts.new == 1
    assert second.outcome == "ok"
    assert second.counts.seen == 1
    assert second.counts.unchanged == 1
    assert second.counts.changed == 0
    assert after.version == before.version
    assert after.updated_at == before.updated_at
    assert after.state_fingerprint == FOREIGN_STATE


def add_for_change(state: SandboxState, change: str) -> tuple[ItemKind, int]:
    if change == "answered_in_wing":
        return ItemKind.ONLINE_INQUIRY, state.add_product_inquiry().inquiry_id
    return ItemKind.CALL_CENTER_INQUIRY, state.add_call_center_inquiry().inquiry_id


def apply_change(state: SandboxState, change: str, coupang_id: int) -> None:
    if change == "answered_in_wing":
        state.answer_product_inquiry(coupang_id, "내일 출고됩니다.")
    elif change == "new_comment":
        state.answer_call_center_inquiry(coupang_id, "확인 후 연락드리겠습니다.")
    else:
        state.close_call_center_inquiry(coupang_id)


@pytest.mark.parametrize("change", ["answered_in_wing", "new_comment", "status_change"])
async def test_changed_record_is_detected(
    local_env: LocalEnvironment, open_bot: OpenBot, change: str
) -> None:
    state = local_env.sandbox.state
    kind, coupang_id = add_for_change(state, change)

    async with open_bot() as deps:
        await deps.poller.poll(VENDOR_ID, kind)
        before = await stored_item(deps, kind, coupang_id)
        source_before = await source_fingerprint(deps, kind, coupang_id)
        apply_change(state, change, coupang_id)
        advance(local_env, minutes=5)
        summary = await deps.poller.poll(VENDOR_ID, kind)
        after = await stored_item(deps, kind, coupang_id)
        source_after = await source_fingerprint(deps, kind, coupang_id)

    assert summary.counts.changed == 1
    assert summary.counts.unchanged == 0
    assert after.version == before.version + 1
    assert after.status != before.status or after.display != before.display
    assert source_before is not None
    assert source_after is not None
    assert source_after != source_before


async def test_null_source_fingerprint_is_refilled(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    inquiry = local_env.sandbox.state.add_product_inquiry()
    kind = ItemKind.ONLINE_INQUIRY

    async with open_bot() as deps:
        await deps.poller.poll(VENDOR_ID, kind)
        original = await source_fingerprint(deps, kind, inquiry.inquiry_id)
        # Rows stored before migration 0005 have no source fingerprint.
        async with deps.sessions.begin() as session:
            await session.execute(update(Item).values(source_fingerprint=None))
        advance(local_env, minutes=5)
        upgraded = await deps.poller.poll(VENDOR_ID, kind)
        refilled = await source_fingerprint(deps, kind, inquiry.inquiry_id)
        after_upgrade = await stored_item(deps, kind, inquiry.inquiry_id)
        await overwrite_state_fingerprints(deps)
        advance(local_env, minutes=5)
        steady = await deps.poller.poll(VENDOR_ID, kind)
        after_steady = await stored_item(deps, kind, inquiry.inquiry_id)

    assert original is not None
    assert upgraded.counts.unchanged == 1
    assert upgraded.counts.changed == 0
    assert after_upgrade.version == 1
    assert refilled == original
    assert steady.counts.unchanged == 1
    assert after_steady.state_fingerprint == FOREIGN_STATE


async def test_late_product_name_updates_item(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    inquiry = state.add_product_inquiry()
    kind = ItemKind.ONLINE_INQUIRY
    state.faults.add(FaultRule(FaultKind.SERVER_ERROR, path_pattern="seller-products", count=1))

    async with open_bot() as deps:
        first = await deps.poller.poll(VENDOR_ID, kind)
        without_name = await stored_item(deps, kind, inquiry.inquiry_id)
        advance(local_env, minutes=5)
        second = await deps.poller.poll(VENDOR_ID, kind)
        with_name = await stored_item(deps, kind, inquiry.inquiry_id)

    assert first.counts.new == 1
    assert without_name.display is not None
    assert not without_name.display.get("product_name")
    assert second.counts.changed == 1
    assert with_name.display is not None
    assert with_name.display.get("product_name")
    assert with_name.version == 2


async def test_sla_change_moves_deadline(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    inquiry = local_env.sandbox.state.add_product_inquiry()
    kind = ItemKind.ONLINE_INQUIRY

    async with open_bot() as deps:
        await deps.poller.poll(VENDOR_ID, kind)
        before = await stored_item(deps, kind, inquiry.inquiry_id)
        await deps.poller.release_leases()

    config = local_env.workdir / "cs-bot.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '[sla.online_inquiry]\nwindow = "PT48H"\n',
        encoding="utf-8",
    )
    advance(local_env, minutes=5)
    async with open_bot() as deps:
        summary = await deps.poller.poll(VENDOR_ID, kind)
        after = await stored_item(deps, kind, inquiry.inquiry_id)

    assert before.deadline_at is not None
    assert after.deadline_at is not None
    assert summary.counts.changed == 1
    assert after.deadline_at - before.deadline_at == timedelta(hours=24)
