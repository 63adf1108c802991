"""Settings of one bot process, built once at start from the environment and the TOML file.

Secrets come only from the environment (or a `.env` file in the working directory) and are
held as `SecretStr`, so they print as asterisks. `load_settings` collects every problem before
raising `ConfigError`.
"""

import os
import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet
from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.config import (
    DEFAULT_RATE_PER_SECOND,
    ChannelRoutes,
    Channels,
    DigestConfig,
    FileConfig,
    PollingConfig,
    RetentionConfig,
    RolesConfig,
    SlaConfig,
    VendorFile,
    VendorId,
    WingUser,
)
from bot.config_errors import ConfigError, format_validation_errors
from bot.services.templates import TemplateSettings

DEFAULT_COUPANG_BASE_URL = "https://api-gateway.coupang.com"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATA_DIR = Path("data")
DATABASE_FILE_NAME = "cs-bot.db"
ENVIRONMENT = "environment"
SLACK_BOT_TOKEN_PREFIX = "xoxb-"  # noqa: S105 - a prefix, not a token
# Hosts may not carry `user:password@`, because the bot never sends URL credentials.
_HTTP_URL = re.compile(r"https?://[^/@\s]+(/\S*)?")
_HTTP_ORIGIN = re.compile(r"https?://[^/@\s]+/?")
# The async drivers the bot ships with, as SQLAlchemy URL `dialect+driver` names.
SUPPORTED_DATABASE_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class SlackMode(StrEnum):
    """Slack transport: a Socket Mode websocket or signed HTTP requests."""

    SOCKET = "socket"
    HTTP = "http"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlackSettings(_Frozen):
    """Slack credentials and transport."""

    bot_token: SecretStr
    app_token: SecretStr | None
    signing_secret: SecretStr | None
    mode: SlackMode
    api_url: str


class VendorSettings(_Frozen):
    """One Coupang vendor (seller account) with its keys and Slack channels."""

    id: str
    access_key: SecretStr
    secret_key: SecretStr
    wing_user: str | None
    rate_per_second: float
    channels: Channels


class StorageSettings(_Frozen):
    """Database location and the key that encrypts personal data at rest."""

    database_url: SecretStr
    data_dir: Path
    data_key: SecretStr | None


class Settings(_Frozen):
    """Everything the bot reads at start."""

    slack: SlackSettings
    coupang_base_url: str
    vendors: tuple[VendorSettings, ...]
    roles: RolesConfig
    wing_users: Mapping[str, str]
    polling: PollingConfig
    retention: RetentionConfig
    sla: SlaConfig
    storage: StorageSettings
    language: Literal["ko", "en"]
    time_zone: str
    config_path: Path | None
    digest: DigestConfig = DigestConfig()
    templates: TemplateSettings = TemplateSettings()

    @property
    def display_zone(self) -> ZoneInfo:
        """Time zone for text shown to people and for Coupang query windows."""
        return ZoneInfo(self.time_zone)

    def vendor(self, vendor_id: str) -> VendorSettings:
        """Return the vendor with this id, or raise KeyError."""
        for vendor in self.vendors:
            if vendor.id == vendor_id:
                return vendor
        raise KeyError(vendor_id)

    def wing_user_for(self, vendor_id: str, slack_user_id: str) -> str | None:
        """Return the WING id that signs a write: the user's own, else the vendor's default.

        NOTE: `[wing_users]` is one table for all vendors, but a WING id belongs to a single
        vendor. With several vendors, map only users who work for one of them.
        """
        return self.wing_users.get(slack_user_id) or self.vendor(vendor_id).wing_user


class EnvironmentSettings(BaseModel):
    """Environment variables read at start, named exactly as documented.

    This is a plain model, not a pydantic-settings `BaseSettings`, because `BaseSettings` also
    reads `os.environ` when validating an explicit mapping, and tests must not see the process
    environment. `read_environment` does the reading instead.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_mode: SlackMode | None = Field(default=None, validation_alias="CS_BOT_SLACK_MODE")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, validation_alias="SLACK_API_URL")
    coupang_base_url: str = Field(
        default=DEFAULT_COUPANG_BASE_URL, validation_alias="COUPANG_BASE_URL"
    )
    coupang_vendor_id: VendorId | None = Field(default=None, validation_alias="COUPANG_VENDOR_ID")
    coupang_access_key: SecretStr | None = Field(
        default=None, validation_alias="COUPANG_ACCESS_KEY"
    )
    coupang_secret_key: SecretStr | None = Field(
        default=None, validation_alias="COUPANG_SECRET_KEY"
    )
    coupang_wing_user: WingUser | None = Field(default=None, validation_alias="COUPANG_WING_USER")
    channel: str | None = Field(default=None, validation_alias="CS_BOT_CHANNEL")
    config_path: Path | None = Field(default=None, validation_alias="CS_BOT_CONFIG")
    database_url: SecretStr | None = Field(default=None, validation_alias="DATABASE_URL")
    data_dir: Path = Field(default=DEFAULT_DATA_DIR, validation_alias="CS_BOT_DATA_DIR")
    data_key: SecretStr | None = Field(default=None, validation_alias="CS_BOT_DATA_KEY")
    language: Literal["ko", "en"] = Field(default="ko", validation_alias="CS_BOT_LANGUAGE")
    time_zone: str = Field(default="Asia/Seoul", validation_alias="CS_BOT_TIMEZONE")

    @field_validator("slack_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not _HTTP_URL.fullmatch(value):
            raise ValueError("expected an http(s) URL such as https://slack.com/api/")
        return value

    @field_validator("coupang_base_url")
    @classmethod
    def _http_origin(cls, value: str) -> str:
        if not _HTTP_ORIGIN.fullmatch(value):
            raise ValueError(
                "expected scheme, host and optional port only (no user:password@), such as "
                "https://api-gateway.coupang.com"
            )
        return value

    @field_validator("data_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        keys = [part.strip() for part in value.get_secret_value().split(",") if part.strip()]
        if not keys:
            raise ValueError("empty. Set one or more comma-separated Fernet keys, or unset it")
        for key in keys:
            try:
                Fernet(key.encode("ascii", errors="replace"))
            except ValueError:
                raise ValueError(
                    "invalid: expected Fernet keys (32 url-safe base64-encoded bytes), "
                    "comma-separated. Create one with `python -c 'from cryptography.fernet "
                    "import Fernet; print(Fernet.generate_key().decode())'`"
                ) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        try:
            driver = make_url(value.get_secret_value()).drivername
        except ArgumentError:
            driver = None
        if driver not in SUPPORTED_DATABASE_DRIVERS:
            raise ValueError(
                "unsupported database URL: expected sqlite+aiosqlite:///path/to/cs-bot.db "
                "or postgresql+asyncpg://USER:PASSWORD@HOST/DATABASE"
            )
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone name such as Asia/Seoul") from None
        return value


def read_environment(
    env_file: Path | None = Path(".env"), process_environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return the process environment over the values of `env_file`, if that file exists.

    `process_environ` defaults to `os.environ`.
    """
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if process_environ is None else process_environ)
    return values


def load_storage_settings(environ: Mapping[str, str]) -> StorageSettings:
    """Build only the storage settings, for commands that need no Slack or Coupang access."""
    return _build_storage(load_environment(environ))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from `environ` (default: the process environment and `.env`).

    Raises ConfigError listing every invalid or missing setting.
    """
    if environ is None:
        environ = read_environment()
    env = load_environment(environ)
    problems: list[str] = []

    file_config = _load_file_config(env.config_path, problems)
    slack = _build_slack(env, problems)
    # Vendors are checked only against a valid file, so that one mistake gives one message.
    vendors = () if file_config is None else _build_vendors(env, file_config, environ, problems)
    if problems or slack is None or file_config is None:
        raise ConfigError(problems)

    return Settings(
        slack=slack,
        coupang_base_url=env.coupang_base_url.rstrip("/"),
        vendors=vendors,
        roles=file_config.roles,
        wing_users=dict(file_config.wing_users),
        polling=file_config.polling,
        retention=file_config.retention,
        sla=file_config.sla,
        digest=file_config.digest,
        templates=file_config.template_settings(),
        storage=_build_storage(env),
        language=env.language,
        time_zone=env.time_zone,
        config_path=env.config_path,
    )


def load_environment(environ: Mapping[str, str]) -> EnvironmentSettings:
    """Validate the fixed environment variables only. Raises ConfigError."""
    try:
        return EnvironmentSettings.model_validate(dict(environ))
    except ValidationError as exc:
        raise ConfigError(format_validation_errors(exc, source=ENVIRONMENT)) from None


def _build_storage(env: EnvironmentSettings) -> StorageSettings:
    data_dir = env.data_dir.expanduser().resolve()
    database_url = env.database_url or SecretStr(
        f"sqlite+aiosqlite:///{data_dir / DATABASE_FILE_NAME}"
    )
    return StorageSettings(database_url=database_url, data_dir=data_dir, data_key=env.data_key)


def _load_file_config(path: Path | None, problems: list[str]) -> FileConfig | None:
    """Return the parsed file (empty when CS_BOT_CONFIG is unset), or None if it is invalid."""
    if path is None:
        return FileConfig()
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        problems.append(f"{ENVIRONMENT}: CS_BOT_CONFIG: file not found: {path}")
        return None
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path}: invalid TOML: {exc}")
        return None

    try:
        return FileConfig.model_validate(data)
    except ValidationError as exc:
        problems.extend(format_validation_errors(exc, source=str(path)))
        return None


def _build_slack(env: EnvironmentSettings, problems: list[str]) -> SlackSettings | None:
    if env.slack_bot_token is None:
        problems.append(f"{ENVIRONMENT}: SLACK_BOT_TOKEN: missing. Set the bot token (xoxb-…)")
    elif not env.slack_bot_token.get_secret_value().startswith(SLACK_BOT_TOKEN_PREFIX):
        # A user token (xoxp-) or app-level token (xapp-) would act with other permissions.
        problems.append(
            f"{ENVIRONMENT}: SLACK_BOT_TOKEN: invalid, expected a bot token that starts with "
            f"{SLACK_BOT_TOKEN_PREFIX}. Copy the Bot User OAuth Token from the app's OAuth page"
        )

    mode = env.slack_mode
    if mode is None and env.slack_app_token is not None:
        mode = SlackMode.SOCKET
    elif mode is None and env.slack_signing_secret is not None:
        mode = SlackMode.HTTP

    if mode is None:
        problems.append(
            f"{ENVIRONMENT}: SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: missing. Set the app "
            "token for Socket Mode or the signing secret for HTTP mode"
        )
    elif mode is SlackMode.SOCKET and env.slack_app_token is None:
        problems.append(f"{ENVIRONMENT}: SLACK_APP_TOKEN: missing, but Socket Mode needs it")
    elif mode is SlackMode.HTTP and env.slack_signing_secret is None:
        problems.append(f"{ENVIRONMENT}: SLACK_SIGNING_SECRET: missing, but HTTP mode needs it")

    if env.slack_bot_token is None or mode is None:
        return None
    return SlackSettings(
        bot_token=env.slack_bot_token,
        app_token=env.slack_app_token,
        signing_secret=env.slack_signing_secret,
        mode=mode,
        api_url=env.slack_api_url,
    )


def _build_vendors(
    env: EnvironmentSettings,
    file_config: FileConfig,
    environ: Mapping[str, str],
    problems: list[str],
) -> tuple[VendorSettings, ...]:
    if file_config.vendors:
        listed = {vendor.id for vendor in file_config.vendors}
        if env.coupang_vendor_id is not None and env.coupang_vendor_id not in listed:
            problems.append(
                f"{ENVIRONMENT}: COUPANG_VENDOR_ID: {env.coupang_vendor_id} is not among the "
                f"[[vendors]] of {env.config_path}. Add it there or unset the variable"
            )
        return tuple(
            vendor
            for index, entry in enumerate(file_config.vendors)
            if (vendor := _vendor_from_file(entry, index, environ, env.config_path, problems))
        )

    if env.coupang_vendor_id is None:
        problems.append(
            f"{ENVIRONMENT}: COUPANG_VENDOR_ID: missing. Set it (with COUPANG_ACCESS_KEY, "
            "COUPANG_SECRET_KEY and CS_BOT_CHANNEL) or list [[vendors]] in the CS_BOT_CONFIG file"
        )
        return ()
    vendor = _vendor_from_environment(env, env.coupang_vendor_id, problems)
    return (vendor,) if vendor is not None else ()


def _vendor_from_environment(
    env: EnvironmentSettings, vendor_id: str, problems: list[str]
) -> VendorSettings | None:
    required = {
        "COUPANG_ACCESS_KEY": env.coupang_access_key,
        "COUPANG_SECRET_KEY": env.coupang_secret_key,
        "CS_BOT_CHANNEL": env.channel,
    }
    for name, value in required.items():
        if value is None:
            problems.append(
                f"{ENVIRONMENT}: {name}: missing, but a vendor set by COUPANG_VENDOR_ID needs it"
            )

    channels: Channels | None = None
    if env.channel is not None:
        try:
            channels = ChannelRoutes(inquiries=env.channel).resolve()
        except ValidationError as exc:
            problems.extend(
                line.replace(": inquiries:", ": CS_BOT_CHANNEL:")
                for line in format_validation_errors(exc, source=ENVIRONMENT)
            )
    if env.coupang_access_key is None or env.coupang_secret_key is None or channels is None:
        return None

    return VendorSettings(
        id=vendor_id,
        access_key=env.coupang_access_key,
        secret_key=env.coupang_secret_key,
        wing_user=env.coupang_wing_user,
        rate_per_second=DEFAULT_RATE_PER_SECOND,
        channels=channels,
    )


def _vendor_from_file(
    entry: VendorFile,
    index: int,
    environ: Mapping[str, str],
    config_path: Path | None,
    problems: list[str],
) -> VendorSettings | None:
    keys: dict[str, SecretStr] = {}
    for field in ("access_key_env", "secret_key_env"):
        name: str = getattr(entry, field)
        value = environ.get(name, "")
        if not value:
            problems.append(
                f"{ENVIRONMENT}: {name}: missing, but vendors[{index}].{field} in {config_path} "
                f"names it as the {field.removesuffix('_env').replace('_', ' ')} of {entry.id}"
            )
        else:
            keys[field] = SecretStr(value)
    if len(keys) != 2:
        return None

    return VendorSettings(
        id=entry.id,
        access_key=keys["access_key_env"],
        secret_key=keys["secret_key_env"],
        wing_user=entry.wing_user,
        rate_per_second=entry.rate_per_second,
        channels=entry.channels.resolve(),
    )
