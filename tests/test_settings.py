"""Settings load from an explicit environment mapping and TOML file, and explain invalid input."""

import base64
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from bot.config import Role
from bot.config_errors import ConfigError, format_validation_errors
from bot.settings import (
    DEFAULT_COUPANG_BASE_URL,
    SlackMode,
    load_settings,
    load_storage_settings,
    read_environment,
)

REPO_ROOT = Path(__file__).parents[1]
EXAMPLE_CONFIG = REPO_ROOT / "config.example.toml"

SLACK = {"SLACK_BOT_TOKEN": "xoxb-test-bot-token", "SLACK_APP_TOKEN": "xapp-test-app-token"}
ENV_VENDOR = {
    "COUPANG_VENDOR_ID": "A00012345",
    "COUPANG_ACCESS_KEY": "test-access-key-1",
    "COUPANG_SECRET_KEY": "test-secret-key-1",
    "CS_BOT_CHANNEL": "C0ENVCHAN",
}
# A valid Fernet key (32 url-safe base64-encoded bytes) made of synthetic text.
SYNTHETIC_DATA_KEY = base64.urlsafe_b64encode(b"synthetic-data-key-for-tests-32b").decode()
FILE_KEYS = {
    "SHOP_ACCESS": "test-access-key-2",
    "SHOP_SECRET": "test-secret-key-2",
}

VENDOR_TOML = """
[[vendors]]
id = "A00012345"
access_key_env = "SHOP_ACCESS"
secret_key_env = "SHOP_SECRET"
wing_user = "shop-wing"
rate_per_second = 3

[vendors.channels]
inquiries = "C0INQ"
returns = "C0RET"
"""

ROLES_TOML = """
[roles]
agent = ["S0AGENTS"]
manager = ["U0MANAGER"]
admin = ["W0ADMIN"]
unmask = ["U0MANAGER"]

[wing_users]
U0AGENT1 = "agent-one-wing"
"""


def _write(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "cs-bot.toml"
    path.write_text(text, encoding="utf-8")
    return {"CS_BOT_CONFIG": str(path)}


def _problems(environ: dict[str, str]) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_settings(environ)
    return list(raised.value.lines)


def test_env_only_vendor(tmp_path: Path) -> None:
    settings = load_settings(
        {**SLACK, **ENV_VENDOR, "COUPANG_WING_USER": "env-wing", "CS_BOT_DATA_DIR": str(tmp_path)}
    )

    (vendor,) = settings.vendors
    assert vendor.id == "A00012345"
    assert vendor.access_key.get_secret_value() == "test-access-key-1"
    assert vendor.secret_key.get_secret_value() == "test-secret-key-1"
    assert vendor.wing_user == "env-wing"
    assert vendor.rate_per_second == 5
    assert set(vendor.channels.model_dump().values()) == {"C0ENVCHAN"}
    assert settings.wing_user_for("A00012345", "U0ANYONE") == "env-wing"


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings({**SLACK, **ENV_VENDOR, "CS_BOT_DATA_DIR": str(tmp_path)})

    assert settings.language == "ko"
    assert settings.display_zone.key == "Asia/Seoul"
    assert settings.coupang_base_url == DEFAULT_COUPANG_BASE_URL
    assert settings.slack.api_url == "https://slack.com/api/"
    assert settings.slack.mode is SlackMode.SOCKET
    assert settings.retention.days == 30
    assert settings.polling.lookback_hours == 48
    assert settings.storage.data_dir == tmp_path.resolve()
    assert settings.storage.database_url.get_secret_value() == (
        f"sqlite+aiosqlite:///{tmp_path.resolve() / 'cs-bot.db'}"
    )
    assert settings.storage.data_key is None


def test_environment_overrides(tmp_path: Path) -> None:
    settings = load_settings(
        {
            **SLACK,
            **ENV_VENDOR,
            "COUPANG_BASE_URL": "http://127.0.0.1:8080/",
            "SLACK_API_URL": "http://127.0.0.1:9090/api/",
            "DATABASE_URL": "postgresql+asyncpg://bot@127.0.0.1/cs",
            "CS_BOT_DATA_KEY": SYNTHETIC_DATA_KEY,
            "CS_BOT_LANGUAGE": "en",
            "CS_BOT_TIMEZONE": "UTC",
        }
    )

    assert settings.coupang_base_url == "http://127.0.0.1:8080"
    assert settings.slack.api_url == "http://127.0.0.1:9090/api/"
    assert settings.storage.database_url.get_secret_value().startswith("postgresql+asyncpg")
    assert settings.storage.data_key is not None
    assert settings.language == "en"
    assert settings.time_zone == "UTC"


@pytest.mark.parametrize(
    ("slack", "expected"),
    [
        ({"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"}, SlackMode.SOCKET),
        ({"SLACK_SIGNING_SECRET": "s"}, SlackMode.HTTP),
        (
            {"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s", "CS_BOT_SLACK_MODE": "http"},
            SlackMode.HTTP,
        ),
    ],
)
def test_slack_mode(slack: dict[str, str], expected: SlackMode) -> None:
    environ = {"SLACK_BOT_TOKEN": "xoxb-1", **slack, **ENV_VENDOR}
    assert load_settings(environ).slack.mode is expected


def test_toml_vendors_roles_wing_users(tmp_path: Path) -> None:
    environ = {**SLACK, **FILE_KEYS, **_write(tmp_path, VENDOR_TOML + ROLES_TOML)}
    settings = load_settings(environ)

    vendor = settings.vendor("A00012345")
    assert vendor.access_key.get_secret_value() == "test-access-key-2"
    assert vendor.rate_per_second == 3
    assert vendor.channels.inquiries == "C0INQ"
    assert vendor.channels.call_center == "C0INQ"
    assert vendor.channels.returns == "C0RET"
    assert vendor.channels.exchanges == "C0RET"
    assert vendor.channels.digest == "C0INQ"
    assert vendor.channels.ops == "C0INQ"
    assert settings.wing_user_for("A00012345", "U0AGENT1") == "agent-one-wing"
    assert settings.wing_user_for("A00012345", "U0OTHER") == "shop-wing"


def test_roles_resolve_with_groups(tmp_path: Path) -> None:
    environ = {**SLACK, **FILE_KEYS, **_write(tmp_path, VENDOR_TOML + ROLES_TOML)}
    roles = load_settings(environ).roles

    assert roles.roles_of("U0NOBODY") == frozenset()
    assert roles.roles_of("U0MEMBER", frozenset({"S0AGENTS"})) == {Role.AGENT}
    assert roles.roles_of("U0MANAGER") == {Role.MANAGER, Role.AGENT, Role.UNMASK}
    assert roles.roles_of("W0ADMIN") == {Role.ADMIN, Role.MANAGER, Role.AGENT}


def test_example_config_loads() -> None:
    if not EXAMPLE_CONFIG.is_file():
        pytest.fail(f"{EXAMPLE_CONFIG} is missing, but it ships with the repository")
    keys = {
        f"COUPANG_{vendor}_{kind}_KEY": f"test-{vendor}-{kind}"
        for vendor in ("A00012345", "A00067890")
        for kind in ("ACCESS", "SECRET")
    }
    settings = load_settings({**SLACK, **keys, "CS_BOT_CONFIG": str(EXAMPLE_CONFIG)})

    assert [vendor.id for vendor in settings.vendors] == ["A00012345", "A00067890"]
    assert set(settings.vendors[1].channels.model_dump().values()) == {"C0456SHARED"}
    assert settings.roles.unmask == ("U0MANAGER1",)


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            VENDOR_TOML.replace('"C0INQ"', '"#cs-inquiries"'),
            "vendors[0].channels.inquiries: expected a Slack channel id",
        ),
        (
            VENDOR_TOML.replace("rate_per_second = 3", "rate_per_second = 11"),
            "vendors[0].rate_per_second: Input should be less than or equal to 10",
        ),
        (
            VENDOR_TOML.replace('id = "A00012345"', 'id = "12345"'),
            "vendors[0].id: expected a Coupang vendor id",
        ),
        (
            VENDOR_TOML + '\naccess_key = "inline"\n',
            "vendors[0].channels.access_key: unknown key",
        ),
        (
            VENDOR_TOML.replace("[vendors.channels]", 'secret_key = "inline"\n[vendors.channels]'),
            "vendors[0]: secrets are not read from the file (secret_key)",
        ),
        (VENDOR_TOML + "[polling]\nonline_inquiry_seconds = 5\n", "polling.online_inquiry_seconds"),
        (VENDOR_TOML + "[polling]\nintervall = 60\n", "polling.intervall: unknown key"),
        (
            VENDOR_TOML + "[polling]\nno_success_alert_seconds = 200\n",
            "polling: no_success_alert_seconds (200) must be greater than the longest",
        ),
        (VENDOR_TOML + '[roles]\nagent = ["alice"]\n', "roles.agent[0]: expected a Slack user id"),
        (VENDOR_TOML + '[wing_users]\nS0GROUP = "x"\n', "wing_users.S0GROUP"),
        (VENDOR_TOML + "[retention]\ndays = 0\n", "retention.days"),
        (VENDOR_TOML + VENDOR_TOML, "vendor id A00012345 is listed twice"),
        (VENDOR_TOML + "[sla]\nfirst_reply_hours = 4\n", "sla.first_reply_hours: unknown key"),
        ("[[vendors]\n", "invalid TOML"),
    ],
)
def test_invalid_file_names_key(tmp_path: Path, toml: str, expected: str) -> None:
    problems = _problems({**SLACK, **FILE_KEYS, **_write(tmp_path, toml)})
    assert any(expected in line for line in problems), problems
    assert all(line.startswith(str(tmp_path)) for line in problems), problems


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({**ENV_VENDOR, "SLACK_APP_TOKEN": "x"}, "environment: SLACK_BOT_TOKEN: missing"),
        ({**ENV_VENDOR, "SLACK_BOT_TOKEN": "x"}, "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET"),
        (
            {**ENV_VENDOR, "SLACK_BOT_TOKEN": "x", "CS_BOT_SLACK_MODE": "socket"},
            "SLACK_APP_TOKEN: missing, but Socket Mode needs it",
        ),
        ({**SLACK}, "COUPANG_VENDOR_ID: missing"),
        ({**SLACK, "COUPANG_VENDOR_ID": "A00012345"}, "COUPANG_SECRET_KEY: missing"),
        ({**SLACK, **ENV_VENDOR, "CS_BOT_CHANNEL": "#cs"}, "CS_BOT_CHANNEL: expected a Slack"),
        ({**SLACK, **ENV_VENDOR, "CS_BOT_LANGUAGE": "ja"}, "CS_BOT_LANGUAGE: Input should be"),
        ({**SLACK, **ENV_VENDOR, "CS_BOT_TIMEZONE": "Seoul"}, "CS_BOT_TIMEZONE: expected an IANA"),
        (
            {**SLACK, **ENV_VENDOR, "COUPANG_BASE_URL": "ftp://x"},
            "COUPANG_BASE_URL: expected scheme, host",
        ),
        ({**SLACK, **ENV_VENDOR, "CS_BOT_CONFIG": "/nonexistent.toml"}, "file not found"),
    ],
)
def test_invalid_environment_names_key(environ: dict[str, str], expected: str) -> None:
    problems = _problems(environ)
    assert any(expected in line for line in problems), problems


def test_missing_vendor_key_variable(tmp_path: Path) -> None:
    problems = _problems({**SLACK, "SHOP_ACCESS": "k", **_write(tmp_path, VENDOR_TOML)})
    assert len(problems) == 1
    assert "SHOP_SECRET: missing, but vendors[0].secret_key_env" in problems[0]


def test_env_vendor_must_be_in_file(tmp_path: Path) -> None:
    environ = {**SLACK, **FILE_KEYS, **_write(tmp_path, VENDOR_TOML)}
    problems = _problems({**environ, "COUPANG_VENDOR_ID": "A00099999"})
    assert any("COUPANG_VENDOR_ID: A00099999 is not among" in line for line in problems)


def test_all_problems_reported_together() -> None:
    problems = _problems({"SLACK_APP_TOKEN": "x"})
    assert any("SLACK_BOT_TOKEN" in line for line in problems)
    assert any("COUPANG_VENDOR_ID" in line for line in problems)


def test_secret_reprs_masked(tmp_path: Path) -> None:
    environ = {
        **SLACK,
        **ENV_VENDOR,
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "DATABASE_URL": "postgresql+asyncpg://bot:test-db-password@127.0.0.1/cs",
        "CS_BOT_DATA_KEY": SYNTHETIC_DATA_KEY,
    }
    settings = load_settings(environ)
    secrets = [
        "xoxb-test-bot-token",
        "xapp-test-app-token",
        "test-signing-secret",
        "test-access-key-1",
        "test-secret-key-1",
        "test-db-password",
        SYNTHETIC_DATA_KEY,
    ]
    for text in (repr(settings), str(settings), str(settings.model_dump())):
        for secret in secrets:
            assert secret not in text


def test_secret_values_not_echoed_in_errors() -> None:
    class Model(BaseModel):
        api_key: int
        port: int

    with pytest.raises(ValidationError) as raised:
        Model.model_validate({"api_key": "test-secret-value", "port": "eighty"})
    lines = format_validation_errors(raised.value, source="environment")

    assert len(lines) == 2
    assert "test-secret-value" not in lines[0]
    assert lines[0].startswith("environment: api_key: ")
    assert "(got 'eighty')" in lines[1]


def test_storage_settings_need_no_slack(tmp_path: Path) -> None:
    storage = load_storage_settings({"CS_BOT_DATA_DIR": str(tmp_path)})
    assert storage.data_dir == tmp_path.resolve()
    assert storage.database_url.get_secret_value().endswith("/cs-bot.db")


def test_env_file_under_process_environment(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("CS_BOT_LANGUAGE=en\nCS_BOT_CHANNEL=C0FROMFILE\n", encoding="utf-8")

    values = read_environment(env_file, {"CS_BOT_CHANNEL": "C0FROMPROCESS"})

    assert values["CS_BOT_LANGUAGE"] == "en"
    assert values["CS_BOT_CHANNEL"] == "C0FROMPROCESS"
    assert read_environment(tmp_path / "absent.env", {}) == {}


def _vendor_toml(access_env: str, secret_env: str, vendor_id: str = "A00012345") -> str:
    return (
        f'[[vendors]]\nid = "{vendor_id}"\naccess_key_env = "{access_env}"\n'
        f'secret_key_env = "{secret_env}"\n\n[vendors.channels]\ninquiries = "C0INQ"\n'
    )


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (_vendor_toml("SLACK_BOT_TOKEN", "SHOP_SECRET"), "access_key_env names SLACK_BOT_TOKEN"),
        (_vendor_toml("SHOP_ACCESS", "SLACK_SIGNING_SECRET"), "SLACK_SIGNING_SECRET, a variable"),
        (_vendor_toml("SHOP_ACCESS", "CS_BOT_DATA_KEY"), "CS_BOT_DATA_KEY, a variable"),
        (_vendor_toml("SHOP_SECRET", "SHOP_ACCESS"), "access_key_env names SHOP_SECRET"),
        (_vendor_toml("SHOP_ACCESS", "SHOP_ACCESS"), "both name SHOP_ACCESS"),
        (
            _vendor_toml("SHOP_ONE_ID", "SHOP_SECRET")
            + _vendor_toml("SHOP_KEY_B", "SHOP_ONE_ID", vendor_id="A00067890"),
            "SHOP_ONE_ID is the access_key_env of vendor A00012345",
        ),
    ],
)
def test_vendor_key_variable_rejected(tmp_path: Path, toml: str, expected: str) -> None:
    environ = {**SLACK, **FILE_KEYS, "SHOP_KEY_B": "test-access-key-3", **_write(tmp_path, toml)}

    problems = _problems(environ)

    assert any(expected in line for line in problems), problems


@pytest.mark.parametrize(
    "wing_user",
    [
        "xoxb-1111-2222-synthetictoken",
        "xapp-1-A0000-synthetic",
        "0123456789abcdef0123456789abcdef01234567",
        "a1b2c3d4-e5f6-4711-8899-aabbccddeeff",
    ],
)
def test_token_as_wing_user_rejected(tmp_path: Path, wing_user: str) -> None:
    toml = VENDOR_TOML + f'\n[wing_users]\nU0AGENT1 = "{wing_user}"\n'

    problems = _problems({**SLACK, **FILE_KEYS, **_write(tmp_path, toml)})

    assert any("wing_users.U0AGENT1: looks like a token" in line for line in problems), problems
    assert all(wing_user not in line for line in problems), problems


def test_wing_login_id_accepted(tmp_path: Path) -> None:
    toml = VENDOR_TOML + '\n[wing_users]\nU0AGENT1 = "cs_team-lead.01"\n'

    settings = load_settings({**SLACK, **FILE_KEYS, **_write(tmp_path, toml)})

    assert settings.wing_users == {"U0AGENT1": "cs_team-lead.01"}


@pytest.mark.parametrize("token", ["xoxp-1111-synthetic-user", "xapp-1-A0000-synthetic"])
def test_non_bot_slack_token_rejected(token: str) -> None:
    problems = _problems({**SLACK, **ENV_VENDOR, "SLACK_BOT_TOKEN": token})

    assert any("SLACK_BOT_TOKEN: invalid, expected a bot token" in line for line in problems)
    assert all(token not in line for line in problems), problems


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("COUPANG_BASE_URL", "https://user:synthetic-password@api-gateway.coupang.com"),
        ("SLACK_API_URL", "https://user:synthetic-password@slack.com/api/"),
        ("DATABASE_URL", "mysql://user:synthetic-password@127.0.0.1/cs"),
    ],
)
def test_url_credentials_not_echoed(variable: str, value: str) -> None:
    problems = _problems({**SLACK, **ENV_VENDOR, variable: value})

    assert any(line.startswith(f"environment: {variable}: ") for line in problems), problems
    assert all("synthetic-password" not in line for line in problems), problems
    assert all("//user" not in line for line in problems), problems


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("CS_BOT_DATA_KEY", "not-a-fernet-key", "CS_BOT_DATA_KEY: invalid: expected Fernet keys"),
        ("CS_BOT_DATA_KEY", " , ", "CS_BOT_DATA_KEY: empty"),
        ("DATABASE_URL", "sqlite:///cs-bot.db", "DATABASE_URL: unsupported database URL"),
        ("DATABASE_URL", "not a url", "DATABASE_URL: unsupported database URL"),
    ],
)
def test_storage_setting_rejected(variable: str, value: str, expected: str) -> None:
    problems = _problems({**SLACK, **ENV_VENDOR, variable: value})

    assert any(line.startswith(f"environment: {expected}") for line in problems), problems


def test_rotated_data_keys_accepted() -> None:
    second_key = base64.urlsafe_b64encode(b"synthetic-rotated-key-for-tests!").decode()
    environ = {**SLACK, **ENV_VENDOR, "CS_BOT_DATA_KEY": f"{SYNTHETIC_DATA_KEY}, {second_key}"}

    settings = load_settings(environ)

    assert settings.storage.data_key is not None
