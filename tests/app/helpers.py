"""Helpers shared by the end-to-end tests. Every personal value in them is synthetic."""

from datetime import timedelta

from bot.deps import Deps
from bot.local_env import LocalEnvironment
from bot.storage.tables import ItemKind
from coupang.sandbox import SandboxState
from coupang.transport import RetryPolicy

VENDOR_ID = "A00012345"
# Fast pacing: the stand-in and the outbox allow many posts per second per channel, so tests
# spend no time waiting for Slack's real pace of about one post per second.
TEST_POSTS_PER_SECOND = 200.0
# Reads are not retried: a test that injects a fault gets the error at once.
NO_RETRY = RetryPolicy(max_attempts=1)


def quiet_sandbox(**overrides: object) -> SandboxState:
    """Return a sandbox with no seeded items, no arrivals and no rate limit."""
    options: dict[str, object] = {
        "seed": 11,
        "rate_limit_per_second": None,
        "arrival_interval": None,
        "seed_items": False,
    }
    options.update(overrides)
    return SandboxState(**options)  # type: ignore[arg-type]


async def poll_and_send(deps: Deps, *kinds: ItemKind) -> None:
    """Run the scheduler's poll job for each kind (all kinds by default), then send Slack work."""
    for kind in kinds or tuple(ItemKind):
        await deps.poller.run_poll_job(VENDOR_ID, kind)
    await deps.outbox.drain()


def advance(env: LocalEnvironment, **delta: float) -> None:
    """Move the sandbox clock, which is also the bot's clock, forward."""
    env.sandbox.state.advance_clock(timedelta(**delta))
