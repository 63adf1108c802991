"""Outbox error handling: permanent Slack errors fail once, transient ones are retried."""

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.local_env import LocalEnvironment
from bot.services.slack_sender import ChannelPacer
from bot.storage import DataCipher, OutboxState
from bot.storage.tables import Item, ItemKind, OutboxEntry
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance, poll_and_send


class FakeMonotonic:
    """A monotonic clock that only moves when a test moves it."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_pacer_spaces_calls_per_channel() -> None:
    clock = FakeMonotonic()
    pacer = ChannelPacer(1.0, monotonic=clock)

    await pacer.wait_turn("C1")
    blocked_after_call = pacer.blocked_for("C1")
    other_channel = pacer.blocked_for("C2")
    pacer.pause("C2", 30.0)
    clock.now += 0.5

    assert blocked_after_call == 1.0
    assert other_channel == 0.0
    assert pacer.blocked_for("C1") == 0.5
    assert pacer.blocked_for("C2") == 29.5


async def test_permanent_error_fails_without_retry(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    state.add_product_inquiry()
    state.add_return()
    local_env.slack.inject_fault("chat.postMessage", error="is_archived")

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY, ItemKind.RETURN_REQUEST)
        advance(local_env, minutes=10)
        await deps.outbox.drain()
        async with deps.sessions.begin() as session:
            entries = (await session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all()

    assert [entry.state for entry in entries] == [OutboxState.FAILED, OutboxState.DONE]
    assert entries[0].last_error_code == "is_archived"
    assert entries[0].attempts == 1
    assert len(local_env.slack.calls("chat.postMessage")) == 2


async def test_server_error_is_retried_later(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    local_env.slack.inject_fault("chat.postMessage", status=500)

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        async with deps.sessions.begin() as session:
            after_failure = await session.scalar(select(OutboxEntry))
        advance(local_env, minutes=1)
        await deps.outbox.drain()
        async with deps.sessions.begin() as session:
            after_retry = await session.scalar(
                select(OutboxEntry).execution_options(populate_existing=True)
            )

    assert after_failure is not None
    assert after_failure.state == OutboxState.PENDING
    assert after_failure.last_error_code == "internal_error"
    assert after_retry is not None
    assert after_retry.state == OutboxState.DONE
    assert len(local_env.slack.messages(local_env.channel_ids["inquiries"])) == 1


async def test_undecryptable_rows_fail_alone(
    local_env: LocalEnvironment, open_bot: OpenBot, caplog: pytest.LogCaptureFixture
) -> None:
    state = local_env.sandbox.state
    for _ in range(3):
        state.add_product_inquiry()
    # Rows written under a data key that is no longer configured.
    lost_key = DataCipher([Fernet.generate_key()])

    async with open_bot() as deps:
        await deps.poller.poll(VENDOR_ID, ItemKind.ONLINE_INQUIRY)
        async with deps.sessions.begin() as session:
            entries = (await session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all()
            entries[0].payload_ciphertext = lost_key.encrypt_json({"synthetic": 1})
            lost_item = await session.get(Item, entries[1].item_id)
            assert lost_item is not None
            lost_item.display_ciphertext = lost_key.encrypt_json({"synthetic": 2})
            entry_ids = [entry.id for entry in entries]
        await deps.outbox.drain()
        async with deps.sessions.begin() as session:
            after = (await session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all()

    assert [entry.id for entry in after] == entry_ids
    assert [entry.state for entry in after] == [
        OutboxState.FAILED,
        OutboxState.FAILED,
        OutboxState.DONE,
    ]
    assert after[0].last_error_code == "undecryptable_payload"
    assert after[1].last_error_code == "undecryptable_item"
    assert after[1].attempts == 1
    assert len(local_env.slack.calls("chat.postMessage")) == 1
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 2
    assert {getattr(record, "outbox_id", None) for record in errors} == set(entry_ids[:2])
