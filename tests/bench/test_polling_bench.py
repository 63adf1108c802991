"""The poll-cycle benchmark runs end to end with a few items and reports sane figures.

No figure here is a time: only counts, the call budget and sizes are checked.
"""

import os
from pathlib import Path

import pytest

from bench import polling
from bench.polling_scenario import (
    SEED,
    ScenarioResult,
    change_items,
    run_scenario,
    seed_open_items,
)
from coupang.sandbox import SandboxState

PHASES = [
    "first poll",
    "drain posts",
    "steady-state poll",
    "poll after 10% changed",
    "drain updates",
]
ITEMS = 8  # two of each kind
# Every 10th item of a kind changes, so with two per kind the first item of each kind does.
CHANGED = 4


def check_figures(result: ScenarioResult) -> None:
    assert result.problems == []
    assert [phase.name for phase in result.phases] == PHASES
    assert result.items == ITEMS
    first_poll = result.phase("first poll")
    assert first_poll.items == ITEMS
    # One call per list page at least: inquiries, call-center, 4 return statuses, exchanges.
    assert first_poll.coupang_calls >= 7
    assert result.phase("steady-state poll").coupang_calls >= 7
    assert result.phase("drain posts").coupang_calls == 0
    assert result.phase("drain updates").items == CHANGED
    for phase in result.phases:
        assert phase.max_calls_in_one_second <= result.rate_per_second, phase.name
        assert phase.limiter_wait_seconds <= phase.seconds, phase.name
    assert result.busiest_channel_posts == ITEMS // 4
    assert result.database_bytes > 0


async def test_scenario_on_sqlite_reports_counts(tmp_path: Path) -> None:
    result = await run_scenario(tmp_path, ITEMS, 500.0, None)

    assert result.database == "sqlite"
    check_figures(result)
    assert result.peak_traced_mib is None


async def test_scenario_traces_memory(tmp_path: Path) -> None:
    result = await run_scenario(tmp_path, ITEMS, 500.0, None, trace_memory=True)

    check_figures(result)
    assert result.peak_traced_mib is not None
    assert 0 < result.peak_traced_mib < polling.PEAK_MEMORY_MIB


@pytest.mark.postgres
async def test_scenario_on_postgres_reports_counts() -> None:
    result = await polling.run_on("postgres", ITEMS, 500.0, trace_memory=False)

    if result is None:
        message = "PostgreSQL at CS_BOT_TEST_POSTGRES_URL is unreachable"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL tests")
        pytest.skip(f"{message}; start it or set CS_BOT_TEST_POSTGRES_URL")
    assert result.database == "postgresql"
    check_figures(result)


def test_main_prints_table_and_targets(capsys: pytest.CaptureFixture[str]) -> None:
    polling.main(["--items", str(ITEMS), "--database", "sqlite", "--no-memory-pass"])

    output = capsys.readouterr().out
    assert "| first poll | 8 |" in output
    assert "Targets:" in output
    # Peak RSS depends on the rest of the test process, so only the per-run targets count.
    run_targets = [line for line in output.splitlines() if "sqlite 8 items:" in line]
    assert len(run_targets) == 4
    for line in run_targets:
        assert line.startswith("- met: "), line


def test_change_items_changes_tenth_of_each_kind() -> None:
    state = SandboxState(seed=SEED, arrival_interval=None, seed_items=False)
    vendor_id = state.vendor().vendor_id
    seed_open_items(state, vendor_id, 20)

    changed = change_items(state, 0.1)

    store = state.store
    assert changed == 8
    assert sum(bool(i.comments) for i in store.product_inquiries.values()) == 2
    assert sum(len(c.replies) > 1 for c in store.call_center_inquiries.values()) == 2
    assert sum(r.withdrawn_at is not None for r in store.returns.values()) == 2
    assert sum(e.exchange_status == "CANCEL" for e in store.exchanges.values()) == 2


def test_items_below_one_per_kind_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        polling.main(["--items", "3"])

    assert "--items needs at least 4 items" in capsys.readouterr().err
