"""`cs-bot check`: validate the configuration and probe Slack and each Coupang vendor.

Each check prints one line, `ok` or `FAIL`, and a failure states in plain words what is wrong
and what to change. Nothing is posted to Slack and nothing is written to Coupang.
"""

import argparse
import asyncio
import sys
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config_errors import ConfigError
from bot.logs import configure_logging
from bot.settings import Settings, load_settings
from bot.storage import (
    DataKeyError,
    create_engine,
    current_revision,
    head_revision,
    load_data_cipher,
)
from bot.storage.crypto import KEY_FILE_NAME
from bot.storage.key_check import verify_data_key
from coupang.client import CoupangClient
from coupang.credentials import VendorCredentials
from coupang.errors import (
    CoupangAuthError,
    CoupangBlockedError,
    CoupangConnectionError,
    CoupangError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
    CoupangServerError,
    CoupangTimeoutError,
    InvalidSignatureError,
    SignatureExpiredError,
)
from coupang.transport import RetryPolicy

# Scopes the bot's Slack calls need; Slack lists a token's scopes in the x-oauth-scopes header.
REQUIRED_SCOPES = ("chat:write", "commands", "channels:read")


@dataclass(frozen=True)
class CheckResult:
    """One line of the report: what was checked, whether it passed, and the explanation."""

    name: str
    ok: bool
    detail: str

    def render(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate the configuration and probe Slack and Coupang",
        description=(
            "Load the configuration, check the database schema, call Slack's auth.test and "
            "conversations.info for every configured channel, and call Coupang's return "
            "shipping centers list once per vendor. Exits 0 when every check passes."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    configure_logging(level="WARNING")
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    results = asyncio.run(run_checks(settings))
    for result in results:
        print(result.render())
    return 0 if all(result.ok for result in results) else 1


async def run_checks(settings: Settings) -> list[CheckResult]:
    """Run every check and return the results in report order."""
    results = [CheckResult("configuration", True, _describe_configuration(settings))]
    results.append(await check_database(settings))
    results.append(await check_data_key(settings))
    results.extend(await check_slack(settings))
    async with aiohttp.ClientSession() as session:
        for vendor in settings.vendors:
            client = CoupangClient(
                session,
                VendorCredentials(
                    vendor_id=vendor.id, access_key=vendor.access_key, secret_key=vendor.secret_key
                ),
                base_url=settings.coupang_base_url,
                rate_per_second=vendor.rate_per_second,
                retry_policy=RetryPolicy(max_attempts=1),
            )
            results.append(await check_vendor(client))
    return results


async def check_database(settings: Settings) -> CheckResult:
    """Check that the database accepts connections and its schema is at the newest revision."""
    engine = create_engine(settings.storage.database_url.get_secret_value())
    try:
        revision = await current_revision(engine)
    except Exception as exc:  # any driver error means the database is unusable
        return CheckResult(
            "database", False, f"cannot connect ({type(exc).__name__}); check DATABASE_URL"
        )
    finally:
        await engine.dispose()
    head = head_revision()
    if revision != head:
        return CheckResult(
            "database",
            True,
            f"schema at revision {revision or 'none'}, newest is {head}; "
            "`cs-bot run` migrates it at start",
        )
    return CheckResult("database", True, f"schema at the newest revision {head}")


async def check_data_key(settings: Settings) -> CheckResult:
    """Check that the data key decrypts the newest stored rows.

    Without CS_BOT_DATA_KEY and without a key file this passes, because `cs-bot run` creates
    the key file at first start and the check must not create it.
    """
    storage = settings.storage
    if storage.data_key is None and not (storage.data_dir / KEY_FILE_NAME).is_file():
        return CheckResult("data key", True, "no key yet; `cs-bot run` creates the key file")
    engine = create_engine(storage.database_url.get_secret_value())
    try:
        cipher = load_data_cipher(storage.data_key, storage.data_dir)
        if await current_revision(engine) is None:
            return CheckResult("data key", True, "valid; the database stores no rows yet")
        async with AsyncSession(engine) as session:
            await verify_data_key(session, cipher)
    except DataKeyError as exc:
        return CheckResult("data key", False, str(exc))
    except Exception as exc:  # a missing schema or driver error; the database line explains it
        return CheckResult("data key", False, f"not checked ({type(exc).__name__})")
    finally:
        await engine.dispose()
    return CheckResult("data key", True, "decrypts the newest stored rows")


async def check_slack(settings: Settings) -> list[CheckResult]:
    """Check the bot token, its scopes, and the bot's membership of every configured channel."""
    client = AsyncWebClient(
        token=settings.slack.bot_token.get_secret_value(), base_url=settings.slack.api_url
    )
    try:
        auth = await client.auth_test()
    except SlackApiError as exc:
        return [CheckResult("slack auth.test", False, _explain_slack_error(exc))]
    except aiohttp.ClientError as exc:
        detail = f"cannot reach {settings.slack.api_url} ({type(exc).__name__})"
        return [CheckResult("slack auth.test", False, detail)]

    results = [
        CheckResult(
            "slack auth.test",
            True,
            f"bot user {auth.get('user_id')} in workspace {auth.get('team')} "
            f"({auth.get('team_id')})",
        )
    ]
    granted = str(auth.headers.get("x-oauth-scopes") or "")
    if granted:
        missing = [scope for scope in REQUIRED_SCOPES if scope not in granted.split(",")]
        detail = (
            f"missing {', '.join(missing)}; add them under OAuth & Permissions and reinstall"
            if missing
            else "all required scopes granted"
        )
        results.append(CheckResult("slack scopes", not missing, detail))

    for channel_id, routes in _channels(settings).items():
        results.append(await _check_channel(client, channel_id, routes))
    return results


async def check_vendor(client: CoupangClient) -> CheckResult:
    """Call the cheap credentials probe for one vendor and explain a failure."""
    name = f"coupang {client.vendor_id}"
    try:
        await client.list_return_shipping_centers()
    except CoupangError as exc:
        return CheckResult(name, False, explain_coupang_error(exc))
    return CheckResult(name, True, "keys, IP address and vendor id accepted")


def explain_coupang_error(exc: CoupangError) -> str:
    """Return a plain-words cause and fix for a failed Coupang probe."""
    if isinstance(exc, SignatureExpiredError):
        return (
            "signature expired: this machine's clock differs from Coupang's by minutes; "
            "sync it with NTP (signing uses UTC)"
        )
    if isinstance(exc, InvalidSignatureError):
        return "invalid signature: the secret key does not match the access key; copy both again"
    if isinstance(exc, CoupangAuthError):
        return (
            "authentication failed (401): the access key is unknown or expired (keys last "
            "180 days); issue new keys in WING"
        )
    if isinstance(exc, CoupangBlockedError):
        return (
            "Coupang is blocking calls for a while after too many calls or errors; wait and "
            "check that only one bot polls this vendor"
        )
    if isinstance(exc, CoupangForbiddenError):
        return (
            "IP address not allowed (403): add this server's outgoing IP address to the key "
            "in WING; changes take up to 30 minutes"
        )
    if isinstance(exc, CoupangNotFoundError):
        return "not found (404): the vendor id is wrong; it is A or C followed by digits"
    if isinstance(exc, CoupangRateLimitedError):
        return "rate limited (429): another client is calling for this vendor; wait minutes"
    if isinstance(exc, CoupangConnectionError):
        return (
            f"could not connect to Coupang ({exc.detail}); check COUPANG_BASE_URL, DNS and "
            "the outbound firewall"
        )
    if isinstance(exc, CoupangTimeoutError | CoupangServerError):
        return f"Coupang did not respond properly ({type(exc).__name__}); try again later"
    return f"unexpected response ({type(exc).__name__}, HTTP {exc.status})"


def _describe_configuration(settings: Settings) -> str:
    vendors = ", ".join(vendor.id for vendor in settings.vendors)
    return f"{len(settings.vendors)} vendor(s) ({vendors}), Slack {settings.slack.mode.value} mode"


def _channels(settings: Settings) -> dict[str, list[str]]:
    channels: dict[str, list[str]] = {}
    for vendor in settings.vendors:
        for route, channel_id in vendor.channels.model_dump().items():
            channels.setdefault(channel_id, []).append(f"{vendor.id} {route}")
    return channels


async def _check_channel(client: AsyncWebClient, channel_id: str, routes: list[str]) -> CheckResult:
    name = f"slack channel {channel_id}"
    used_for = ", ".join(routes)
    try:
        response = await client.conversations_info(channel=channel_id)
    except SlackApiError as exc:
        return CheckResult(name, False, f"{_explain_slack_error(exc)} (used for {used_for})")
    channel = response.get("channel") or {}
    if channel.get("is_archived"):
        return CheckResult(name, False, f"#{channel.get('name')} is archived; pick another")
    if not channel.get("is_member"):
        return CheckResult(
            name,
            False,
            f"the bot is not in #{channel.get('name')}; invite it with /invite (used for "
            f"{used_for})",
        )
    return CheckResult(name, True, f"#{channel.get('name')}, bot is a member ({used_for})")


def _explain_slack_error(exc: SlackApiError) -> str:
    response = exc.response
    code = str(response.get("error")) if response is not None else "unknown"
    explanations = {
        "invalid_auth": "the bot token is invalid; copy the xoxb- token again",
        "not_authed": "no bot token was sent; set SLACK_BOT_TOKEN",
        "token_revoked": "the bot token was revoked; reinstall the app",
        "account_inactive": "the app's bot user is deactivated; reinstall the app",
        "channel_not_found": "channel not found, or private without the bot; check the id",
    }
    if code == "missing_scope" and response is not None:
        return f"missing scope {response.get('needed')}; add it and reinstall the app"
    return explanations.get(code, f"Slack error {code}")
