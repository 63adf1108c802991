"""Models of the TOML configuration file named by `CS_BOT_CONFIG`: vendors, routes, roles, polling.

The file contains no secrets. A vendor names the environment variables that contain its keys, and
`bot.settings` reads them from the environment.
"""

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from bot.services.sla import SlaSettings
from bot.services.templates import ReplyTemplate, TemplateSettings

VENDOR_ID_PATTERN = re.compile(r"^[AC][0-9]{4,}$")
CHANNEL_ID_PATTERN = re.compile(r"^[CG][A-Z0-9]{2,}$")
USER_ID_PATTERN = re.compile(r"^[UW][A-Z0-9]{2,}$")
USER_GROUP_ID_PATTERN = re.compile(r"^S[A-Z0-9]{2,}$")
ENV_NAME_PATTERN = re.compile(r"^[A-Z_][A-Z0-9_]*$")

# Coupang throttles a vendor making 10 or more calls per second, across all its APIs.
MAX_RATE_PER_SECOND = 10.0
DEFAULT_RATE_PER_SECOND = 5.0
MIN_POLL_INTERVAL_SECONDS = 30
MAX_LOOKBACK_HOURS = 7 * 24
SECRET_KEYS = frozenset({"access_key", "secret_key", "password", "token", "secret"})
# Environment variables the bot reads for Slack and storage, which never contain a vendor's keys.
RESERVED_ENV_PREFIX = "SLACK_"
RESERVED_ENV_NAMES = frozenset({"CS_BOT_DATA_KEY", "DATABASE_URL", "CS_BOT_CONFIG"})
# Slack token prefixes, and long runs of key characters with a digit (Coupang access keys are
# UUIDs and secret keys 40 hex digits): values that are tokens or keys, not WING login ids.
SLACK_TOKEN_PATTERN = re.compile(r"^(xox[a-z]|xapp)-", re.IGNORECASE)
KEY_LIKE_PATTERN = re.compile(r"^(?=.*[0-9])[A-Za-z0-9+/=_-]{32,}$")


def _check_channel_id(value: str) -> str:
    if not CHANNEL_ID_PATTERN.fullmatch(value):
        raise ValueError("expected a Slack channel id such as C0123456789, not a channel name")
    return value


def _check_principal_id(value: str) -> str:
    if USER_ID_PATTERN.fullmatch(value) or USER_GROUP_ID_PATTERN.fullmatch(value):
        return value
    raise ValueError("expected a Slack user id (U… or W…) or user-group id (S…)")


def _check_user_id(value: str) -> str:
    if not USER_ID_PATTERN.fullmatch(value):
        raise ValueError("expected a Slack user id (U… or W…)")
    return value


def _check_vendor_id(value: str) -> str:
    if not VENDOR_ID_PATTERN.fullmatch(value):
        raise ValueError("expected a Coupang vendor id: A or C followed by digits, e.g. A00012345")
    return value


def _check_env_name(value: str) -> str:
    if not ENV_NAME_PATTERN.fullmatch(value):
        raise ValueError("expected an environment variable name such as COUPANG_SECRET_KEY")
    return value


ChannelId = Annotated[str, AfterValidator(_check_channel_id)]
PrincipalId = Annotated[str, AfterValidator(_check_principal_id)]
UserId = Annotated[str, AfterValidator(_check_user_id)]
VendorId = Annotated[str, AfterValidator(_check_vendor_id)]
EnvName = Annotated[str, AfterValidator(_check_env_name)]


def _check_wing_user(value: str) -> str:
    if SLACK_TOKEN_PATTERN.match(value) or KEY_LIKE_PATTERN.fullmatch(value):
        raise ValueError(
            "looks like a token or secret key, not a WING login id. Set the WING user id here "
            "and keep keys in environment variables"
        )
    return value


WingUser = Annotated[
    str, Field(min_length=1, max_length=64, pattern=r"^\S+$"), AfterValidator(_check_wing_user)
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(StrEnum):
    """Permission that a Slack user gets from the `[roles]` table."""

    AGENT = "agent"
    MANAGER = "manager"
    ADMIN = "admin"
    UNMASK = "unmask"


# Each role includes the roles listed here. UNMASK is a separate right: no role implies it.
IMPLIED_ROLES: dict[Role, frozenset[Role]] = {
    Role.ADMIN: frozenset({Role.MANAGER, Role.AGENT}),
    Role.MANAGER: frozenset({Role.AGENT}),
    Role.AGENT: frozenset(),
    Role.UNMASK: frozenset(),
}


class Channels(_Section):
    """Resolved Slack channel ids of one vendor, one per route."""

    inquiries: str
    call_center: str
    returns: str
    exchanges: str
    digest: str
    ops: str


class ChannelRoutes(_Section):
    """Slack channels of one vendor as written in the file. Unset channels fall back along a chain.

    call_center and returns fall back to inquiries, exchanges to returns, digest to inquiries,
    and ops to digest, so one `inquiries` channel is enough.
    """

    inquiries: ChannelId
    call_center: ChannelId | None = None
    returns: ChannelId | None = None
    exchanges: ChannelId | None = None
    digest: ChannelId | None = None
    ops: ChannelId | None = None

    def resolve(self) -> Channels:
        """Apply the fallback chain."""
        returns = self.returns or self.inquiries
        digest = self.digest or self.inquiries
        return Channels(
            inquiries=self.inquiries,
            call_center=self.call_center or self.inquiries,
            returns=returns,
            exchanges=self.exchanges or returns,
            digest=digest,
            ops=self.ops or digest,
        )


class VendorFile(_Section):
    """One `[[vendors]]` entry as written in the file."""

    id: VendorId
    access_key_env: EnvName
    secret_key_env: EnvName
    wing_user: WingUser | None = None
    rate_per_second: float = Field(default=DEFAULT_RATE_PER_SECOND, gt=0, le=MAX_RATE_PER_SECOND)
    channels: ChannelRoutes

    @model_validator(mode="before")
    @classmethod
    def _reject_inline_secrets(cls, data: Any) -> Any:
        if isinstance(data, dict):
            inline = sorted(SECRET_KEYS.intersection(data))
            if inline:
                raise ValueError(
                    f"secrets are not read from the file ({', '.join(inline)}). Name the "
                    "environment variables in access_key_env and secret_key_env instead"
                )
        return data

    @model_validator(mode="after")
    def _check_key_variables(self) -> Self:
        for field, name in (
            ("access_key_env", self.access_key_env),
            ("secret_key_env", self.secret_key_env),
        ):
            if name.startswith(RESERVED_ENV_PREFIX) or name in RESERVED_ENV_NAMES:
                raise ValueError(
                    f"{field} names {name}, a variable the bot reads for Slack or storage. "
                    "Name the variable that contains this vendor's Coupang key"
                )
        if self.access_key_env == self.secret_key_env:
            raise ValueError(
                f"access_key_env and secret_key_env both name {self.access_key_env}. "
                "Name two variables: one for the access key and one for the secret key"
            )
        if "SECRET" in self.access_key_env:
            raise ValueError(
                f"access_key_env names {self.access_key_env}, which looks like a secret key "
                "variable. Check that access_key_env and secret_key_env are not swapped"
            )
        if "ACCESS" in self.secret_key_env:
            raise ValueError(
                f"secret_key_env names {self.secret_key_env}, which looks like an access key "
                "variable. Check that access_key_env and secret_key_env are not swapped"
            )
        return self


class RolesConfig(_Section):
    """Slack user ids and user-group ids that hold each role."""

    agent: tuple[PrincipalId, ...] = ()
    manager: tuple[PrincipalId, ...] = ()
    admin: tuple[PrincipalId, ...] = ()
    unmask: tuple[PrincipalId, ...] = ()

    def roles_of(self, user_id: str, group_ids: frozenset[str] = frozenset()) -> frozenset[Role]:
        """Return the roles of a user, including implied ones, given the user's group ids."""
        principals = {user_id, *group_ids}
        granted: set[Role] = set()
        for role in Role:
            members: tuple[str, ...] = getattr(self, role.value)
            if principals.intersection(members):
                granted.add(role)
                granted.update(IMPLIED_ROLES[role])
        return frozenset(granted)


class PollingConfig(_Section):
    """Poll intervals per item kind in seconds, the query lookback and the quiet-vendor alert.

    Intervals below 30 s are rejected so that one vendor's polls stay well under Coupang's
    limit of 10 calls per second even when a poll needs several pages.
    """

    online_inquiry_seconds: int = Field(default=60, ge=MIN_POLL_INTERVAL_SECONDS)
    call_center_inquiry_seconds: int = Field(default=60, ge=MIN_POLL_INTERVAL_SECONDS)
    return_request_seconds: int = Field(default=300, ge=MIN_POLL_INTERVAL_SECONDS)
    exchange_request_seconds: int = Field(default=300, ge=MIN_POLL_INTERVAL_SECONDS)
    # Coupang's CS and return list endpoints accept windows of at most 7 days.
    lookback_hours: int = Field(default=48, ge=1, le=MAX_LOOKBACK_HOURS)
    no_success_alert_seconds: int = Field(default=900, ge=60)

    @model_validator(mode="after")
    def _alert_after_slowest_poll(self) -> Self:
        slowest = max(
            self.online_inquiry_seconds,
            self.call_center_inquiry_seconds,
            self.return_request_seconds,
            self.exchange_request_seconds,
        )
        if self.no_success_alert_seconds <= slowest:
            raise ValueError(
                f"no_success_alert_seconds ({self.no_success_alert_seconds}) must be greater "
                f"than the longest poll interval ({slowest} s), or every poll would alert"
            )
        return self


class RetentionConfig(_Section):
    """How long stored item data and outbox payloads are kept after an item closes."""

    days: int = Field(default=30, ge=1, le=3650)


class SlaConfig(SlaSettings):
    """The `[sla]` table: one window per item kind, reminder points and the managers' group.

    A policy may count its window in business time of a calendar (office hours, Korean public
    holidays), for internal targets. See `bot.services.sla.SlaSettings` for the fields.
    """


class DigestConfig(_Section):
    """The `[digest]` table: when each vendor's digest channel gets the daily digest."""

    time: dt.time = dt.time(9, 0)
    time_zone: str = "Asia/Seoul"

    @field_validator("time_zone")
    @classmethod
    def _check_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            message = f"unknown time zone {value!r}; use an IANA name such as Asia/Seoul"
            raise ValueError(message) from None
        return value


class FileConfig(_Section):
    """The whole TOML file."""

    vendors: tuple[VendorFile, ...] = ()
    roles: RolesConfig = RolesConfig()
    wing_users: dict[UserId, WingUser] = Field(default_factory=dict)
    polling: PollingConfig = PollingConfig()
    retention: RetentionConfig = RetentionConfig()
    sla: SlaConfig = SlaConfig()
    digest: DigestConfig = DigestConfig()
    # `[[templates]]` replaces the built-in Korean reply templates; None keeps them.
    templates: tuple[ReplyTemplate, ...] | None = None

    @model_validator(mode="after")
    def _unique_vendor_ids(self) -> Self:
        seen: set[str] = set()
        for vendor in self.vendors:
            if vendor.id in seen:
                raise ValueError(f"vendor id {vendor.id} is listed twice in [[vendors]]")
            seen.add(vendor.id)
        return self

    @model_validator(mode="after")
    def _key_variables_of_one_kind(self) -> Self:
        access_names = {vendor.access_key_env: vendor.id for vendor in self.vendors}
        for vendor in self.vendors:
            owner = access_names.get(vendor.secret_key_env)
            if owner is not None:
                raise ValueError(
                    f"{vendor.secret_key_env} is the access_key_env of vendor {owner} and the "
                    f"secret_key_env of vendor {vendor.id}. Each variable must contain one key"
                )
        return self

    @model_validator(mode="after")
    def _unique_template_names(self) -> Self:
        if self.templates is not None:
            TemplateSettings(templates=self.templates)
        return self

    def template_settings(self) -> TemplateSettings:
        """Return the configured reply templates, or the built-in ones without `[[templates]]`."""
        if self.templates is None:
            return TemplateSettings()
        return TemplateSettings(templates=self.templates)
