"""The stand-in's state and the helpers tests use to set it up and inspect it."""

from dataclasses import dataclass
from typing import Any

from slack_sdk.signature import Clock

from bot.slackstub.faults import FaultPlan
from bot.slackstub.ratelimit import ChannelRateLimiter
from bot.slackstub.surfaces import Surfaces
from bot.slackstub.workspace import BOT_USER_ID, Channel, Message, User, Workspace

DEFAULT_BOT_TOKEN = "xoxb-0000000000-stand-in-token"  # noqa: S105 - a fake token for the stand-in


@dataclass(frozen=True)
class RecordedCall:
    """One Web API request: the method, its arguments (without the token) and the outcome."""

    method: str
    args: dict[str, Any]
    status: int
    ok: bool
    error: str | None


class SlackStub:
    """A Slack workspace seen through the Web API; `api_url` is set once the server runs."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_BOT_TOKEN,
        clock: Clock | None = None,
        post_rate_per_second: float = 1.0,
        post_burst: int = 3,
    ) -> None:
        self.token = token
        self.clock = clock or Clock()
        self.workspace = Workspace(self.clock)
        self.surfaces = Surfaces(self.clock)
        self.faults = FaultPlan()
        self.post_limiter = ChannelRateLimiter(
            self.clock, rate_per_second=post_rate_per_second, burst=post_burst
        )
        self.recorded: list[RecordedCall] = []
        self.base_url = ""

    @property
    def api_url(self) -> str:
        """The Web API base URL to pass as `AsyncWebClient(base_url=...)`."""
        if not self.base_url:
            raise RuntimeError("the Slack stand-in is not running; use run_slack_stub()")
        return f"{self.base_url}/api/"

    @property
    def bot_user_id(self) -> str:
        return BOT_USER_ID

    def add_user(
        self, name: str, *, user_id: str | None = None, team_id: str | None = None
    ) -> User:
        """Add a member; pass another `team_id` to model a Slack Connect guest."""
        if team_id is None:
            return self.workspace.add_user(user_id, name=name)
        return self.workspace.add_user(user_id, name=name, team_id=team_id)

    def add_channel(
        self,
        name: str,
        *,
        members: list[str] | tuple[str, ...] = (),
        bot_is_member: bool = True,
        is_private: bool = False,
        is_ext_shared: bool = False,
        channel_id: str | None = None,
    ) -> Channel:
        return self.workspace.add_channel(
            name,
            members=members,
            bot_is_member=bot_is_member,
            is_private=is_private,
            is_ext_shared=is_ext_shared,
            channel_id=channel_id,
        )

    def add_usergroup(self, members: list[str], *, usergroup_id: str | None = None) -> str:
        return self.workspace.add_usergroup(members, usergroup_id=usergroup_id)

    def issue_trigger_id(self, user_id: str) -> str:
        """Issue a trigger id that views.open or views.push accepts once, within 3 s."""
        return self.surfaces.issue_trigger_id(user_id)

    def inject_fault(
        self,
        method: str,
        *,
        times: int = 1,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail; see `FaultPlan.add` for the choices."""
        self.faults.add(method, times=times, status=status, error=error, retry_after=retry_after)

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Return the recorded calls, oldest first, optionally only those of one method."""
        return [call for call in self.recorded if method is None or call.method == method]

    def messages(self, channel_id: str) -> list[Message]:
        """Return a channel's top-level messages; each carries its thread in `replies`."""
        return self.workspace.channels[channel_id].messages
