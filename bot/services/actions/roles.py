"""Roles of a Slack user from the `[roles]` configuration, with user groups resolved in Slack.

A role lists Slack user ids and user-group ids. Group members come from
`usergroups.users.list` and are cached for `ttl_seconds`, so a permission check costs no
Slack call on most clicks. A group whose lookup fails counts as empty until the next
lookup: the check fails closed.
"""

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import USER_GROUP_ID_PATTERN, Role, RolesConfig

log = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 120.0
# A failed group lookup is retried sooner than a successful one is refreshed.
FAILED_LOOKUP_TTL_SECONDS = 10.0


class RoleResolver:
    """Resolve a user's roles: direct user ids plus membership of the configured groups."""

    def __init__(
        self,
        roles: RolesConfig,
        slack: AsyncWebClient,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._roles = roles
        self._slack = slack
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}
        self._group_ids = sorted(
            {
                principal
                for role in Role
                for principal in getattr(roles, role.value)
                if USER_GROUP_ID_PATTERN.fullmatch(principal)
            }
        )

    async def roles_of(self, user_id: str) -> frozenset[Role]:
        """Return the user's roles, including implied ones."""
        groups = set()
        for group_id in self._group_ids:
            if user_id in await self._members(group_id):
                groups.add(group_id)
        return self._roles.roles_of(user_id, frozenset(groups))

    def forget(self) -> None:
        """Drop cached group members, so the next check calls Slack again."""
        self._groups.clear()

    async def _members(self, group_id: str) -> frozenset[str]:
        now = self._monotonic()
        cached = self._groups.get(group_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            response = await self._slack.usergroups_users_list(usergroup=group_id)
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            log.warning(
                "roles.usergroup.lookup_failed",
                extra={"usergroup": group_id, "error": error or type(exc).__name__},
            )
            self._groups[group_id] = (now + FAILED_LOOKUP_TTL_SECONDS, frozenset())
            return frozenset()
        members = frozenset(str(user) for user in response.get("users") or [])
        self._groups[group_id] = (now + self._ttl, members)
        return members
