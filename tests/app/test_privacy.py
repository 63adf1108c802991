"""Synthetic personal data planted in sandbox items reaches no Slack call, log record or row."""

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from bot.deps import Deps
from bot.local_env import LocalEnvironment
from coupang.sandbox import SandboxState
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, poll_and_send, quiet_sandbox


@pytest.fixture
def sandbox_state() -> SandboxState:
    # Seeded items of every kind, plus new arrivals once the clock moves.
    return quiet_sandbox(seed=23, seed_items=True, arrival_interval=timedelta(hours=1))


async def dump_database(deps: Deps) -> str:
    """Return every row of every table as JSON, with encrypted columns decrypted."""
    rows: list[dict[str, Any]] = []
    async with deps.engine.connect() as connection:
        table_names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in table_names:
            result = await connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
            for row in result.mappings():
                decoded = {}
                for column, value in row.items():
                    if column.endswith("_ciphertext") and value is not None:
                        decoded[column] = deps.cipher.decrypt_json(value)
                    elif isinstance(value, bytes):
                        decoded[column] = value.decode("utf-8", "replace")
                    else:
                        decoded[column] = value
                rows.append({"table": table, **decoded})
    return json.dumps(rows, ensure_ascii=False, default=str)


async def test_planted_personal_data_stays_masked(
    local_env: LocalEnvironment, open_bot: OpenBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    state = local_env.sandbox.state

    async with open_bot() as deps:
        await poll_and_send(deps)
        state.withdraw_return(
            next(
                r.receipt_id
                for r in state.store.returns.values()
                if r.withdrawn_at is None and r.receipt_status == "RETURNS_UNCHECKED"
            )
        )
        state.advance_clock(timedelta(hours=5))
        await poll_and_send(deps)
        database = await dump_database(deps)
        async with deps.sessions.begin() as session:
            from bot.storage.tables import Item

            item_count = len((await session.scalars(select(Item.id))).all())

    planted = [value.value for value in state.planted_personal_values()]
    slack_requests = json.dumps([call.args for call in local_env.slack.calls()], ensure_ascii=False)
    assert len(planted) > 20
    assert item_count > 10
    assert len(local_env.slack.calls("chat.postMessage")) >= item_count // 2
    leaked_to_slack = [value for value in planted if value in slack_requests]
    leaked_to_logs = [value for value in planted if value in caplog.text]
    leaked_to_database = [value for value in planted if value in database]
    assert leaked_to_slack == []
    assert leaked_to_logs == []
    assert leaked_to_database == []
    # The same run never exceeded the vendor's configured call rate in any second.
    configured_rate = local_env.settings.vendors[0].rate_per_second
    per_second = state.calls_per_second(VENDOR_ID)
    assert sum(per_second.values()) > configured_rate
    assert max(per_second.values()) <= configured_rate
