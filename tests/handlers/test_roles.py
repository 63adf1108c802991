"""Role resolution: user ids, user groups looked up in Slack, caching and failing closed."""

from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Role, RolesConfig
from bot.services.actions.roles import RoleResolver
from bot.slackstub import run_slack_stub

ROLES = RolesConfig(agent=("U0AGENT01",), manager=("S0MANAGERS",), unmask=("S0UNMASK01",))


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_group_members_get_group_roles() -> None:
    async with run_slack_stub() as stub:
        stub.add_usergroup(["U0MANAGER1"], usergroup_id="S0MANAGERS")
        stub.add_usergroup([], usergroup_id="S0UNMASK01")
        resolver = RoleResolver(ROLES, AsyncWebClient(token=stub.token, base_url=stub.api_url))

        manager = await resolver.roles_of("U0MANAGER1")
        agent = await resolver.roles_of("U0AGENT01")

    assert manager == frozenset({Role.MANAGER, Role.AGENT})
    assert agent == frozenset({Role.AGENT})


async def test_members_cached_until_ttl() -> None:
    clock = FakeClock()
    async with run_slack_stub() as stub:
        stub.add_usergroup(["U0MANAGER1"], usergroup_id="S0MANAGERS")
        stub.add_usergroup([], usergroup_id="S0UNMASK01")
        client = AsyncWebClient(token=stub.token, base_url=stub.api_url)
        resolver = RoleResolver(ROLES, client, ttl_seconds=60, monotonic=clock)

        await resolver.roles_of("U0MANAGER1")
        await resolver.roles_of("U0MANAGER1")
        calls_within_ttl = len(stub.calls("usergroups.users.list"))
        clock.now = 61
        await resolver.roles_of("U0MANAGER1")
        calls_after_ttl = len(stub.calls("usergroups.users.list"))

    assert calls_within_ttl == 2
    assert calls_after_ttl == 4


async def test_failed_lookup_grants_nothing() -> None:
    async with run_slack_stub() as stub:
        stub.add_usergroup(["U0MANAGER1"], usergroup_id="S0MANAGERS")
        stub.add_usergroup([], usergroup_id="S0UNMASK01")
        stub.inject_fault("usergroups.users.list", times=2, error="missing_scope")
        resolver = RoleResolver(ROLES, AsyncWebClient(token=stub.token, base_url=stub.api_url))

        roles = await resolver.roles_of("U0MANAGER1")

    assert roles == frozenset()
