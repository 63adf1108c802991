"""manifest.yml is a valid Slack app manifest for a Socket Mode app with least-privilege scopes."""

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).parents[2]
MANIFEST_PATH = REPO_ROOT / "manifest.yml"
SCHEMA_PATH = REPO_ROOT / "tests" / "fixtures" / "slack" / "manifest.schema.1.0.0.json"
EXPECTED_BOT_SCOPES = {
    "chat:write",
    "commands",
    "users:read",
    "usergroups:read",
    "channels:read",
    "groups:read",
    "im:write",
    "files:write",
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def schema_errors(validator: jsonschema.Draft7Validator, document: dict[str, Any]) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def test_manifest_matches_schema(
    manifest: dict[str, Any], validator: jsonschema.Draft7Validator
) -> None:
    assert schema_errors(validator, manifest) == []


def test_manifest_is_socket_mode(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]

    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"] == {"is_enabled": True}
    assert "request_url" not in settings["event_subscriptions"]
    assert settings["token_rotation_enabled"] is False


def test_manifest_surfaces(manifest: dict[str, Any]) -> None:
    features = manifest["features"]

    assert [command["command"] for command in features["slash_commands"]] == ["/cs"]
    assert "url" not in features["slash_commands"][0]
    assert features["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]


def test_manifest_scopes_are_exact(manifest: dict[str, Any]) -> None:
    bot_scopes = manifest["oauth_config"]["scopes"]["bot"]

    assert set(bot_scopes) == EXPECTED_BOT_SCOPES
    assert len(bot_scopes) == len(EXPECTED_BOT_SCOPES)
    assert "user" not in manifest["oauth_config"]["scopes"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("display_information", "name"), "x" * 36),
        (("features", "slash_commands", 0, "command"), "cs"),
        (("settings", "unknown_setting"), True),
        (("features", "bot_user", "display_name"), ""),
    ],
    ids=["long-name", "command-without-slash", "unknown-key", "empty-bot-name"],
)
def test_schema_rejects_broken_manifest(
    manifest: dict[str, Any],
    validator: jsonschema.Draft7Validator,
    path: tuple[str | int, ...],
    value: object,
) -> None:
    broken = copy.deepcopy(manifest)
    target: Any = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value

    assert schema_errors(validator, broken) != []
