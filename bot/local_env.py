"""A complete local setup for the demo and the end-to-end tests: sandbox, Slack stand-in, settings.

`run_local_environment(workdir)` starts the Coupang sandbox and the Slack stand-in on
loopback, creates one channel per route, writes a configuration file into `workdir` and loads
`Settings` from it exactly as production does. The bot then runs its normal code against
these two servers; nothing here changes how the bot behaves.
"""

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings, load_settings
from bot.slackstub import SlackStub, run_slack_stub
from bot.storage.crypto import generate_data_key
from coupang.sandbox import RunningSandbox, SandboxState, run_sandbox

# Channel ids of the stand-in, one per route; the names are what the transcript shows.
CHANNELS = {
    "inquiries": ("C0CSINQ01", "cs-inquiries"),
    "call_center": ("C0CSCALL01", "cs-call-center"),
    "returns": ("C0CSRET01", "cs-returns"),
    "exchanges": ("C0CSEXC01", "cs-exchanges"),
    "ops": ("C0CSOPS01", "cs-ops"),
}
# Coupang's limit is 10 calls per second; the sandbox is local, so the bot may use all of it.
LOCAL_RATE_PER_SECOND = 10.0


@dataclass
class LocalEnvironment:
    """The running servers, the settings that point at them, and the environment used."""

    sandbox: RunningSandbox
    slack: SlackStub
    settings: Settings
    environ: dict[str, str]
    workdir: Path

    @property
    def channel_ids(self) -> dict[str, str]:
        """Return the channel id of each route (inquiries, call_center, returns, ...)."""
        return {route: channel_id for route, (channel_id, _name) in CHANNELS.items()}

    def reload_settings(self) -> Settings:
        """Load the settings again from the same environment, as a restarted process would."""
        return load_settings(self.environ)


@asynccontextmanager
async def run_local_environment(
    workdir: Path,
    *,
    sandbox_state: SandboxState | None = None,
    database_url: str | None = None,
    language: str = "ko",
    extra_polling: dict[str, int] | None = None,
    slack_posts_per_second: float = 1.0,
) -> AsyncIterator[LocalEnvironment]:
    """Start the sandbox and the Slack stand-in and build settings for a bot that uses them.

    `slack_posts_per_second` is the stand-in's chat.postMessage limit per channel (Slack's
    is about 1). Above it, the stand-in responds with 429 and Retry-After.
    """
    state = sandbox_state if sandbox_state is not None else SandboxState()
    async with (
        run_sandbox(state) as sandbox,
        run_slack_stub(post_rate_per_second=slack_posts_per_second) as slack,
    ):
        for channel_id, name in CHANNELS.values():
            slack.add_channel(name, channel_id=channel_id)
        environ = _write_configuration(
            workdir, sandbox, slack, database_url, language, extra_polling or {}
        )
        yield LocalEnvironment(
            sandbox=sandbox,
            slack=slack,
            settings=load_settings(environ),
            environ=environ,
            workdir=workdir,
        )


def _write_configuration(
    workdir: Path,
    sandbox: RunningSandbox,
    slack: SlackStub,
    database_url: str | None,
    language: str,
    extra_polling: dict[str, int],
) -> dict[str, str]:
    environ = {
        "SLACK_BOT_TOKEN": slack.token,
        # A random secret: the stand-in never signs requests, but HTTP mode requires one.
        "SLACK_SIGNING_SECRET": secrets.token_hex(16),
        "CS_BOT_SLACK_MODE": "http",
        "SLACK_API_URL": slack.api_url,
        "COUPANG_BASE_URL": sandbox.base_url,
        "CS_BOT_CONFIG": str(workdir / "cs-bot.toml"),
        "CS_BOT_DATA_DIR": str(workdir),
        "CS_BOT_DATA_KEY": generate_data_key(),
        "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{workdir / 'cs-bot.db'}",
        "CS_BOT_LANGUAGE": language,
    }
    lines = []
    for index, vendor in enumerate(sandbox.state.vendors):
        access_env = f"CS_BOT_SANDBOX_ACCESS_KEY_{index}"
        secret_env = f"CS_BOT_SANDBOX_SECRET_KEY_{index}"
        environ[access_env] = vendor.access_key
        environ[secret_env] = vendor.secret_key
        lines += [
            "[[vendors]]",
            f'id = "{vendor.vendor_id}"',
            f'access_key_env = "{access_env}"',
            f'secret_key_env = "{secret_env}"',
            f'wing_user = "{vendor.wing_user_ids[0]}"',
            f"rate_per_second = {LOCAL_RATE_PER_SECOND}",
            "[vendors.channels]",
            *(f'{route} = "{channel_id}"' for route, (channel_id, _name) in CHANNELS.items()),
            "",
        ]
    lines.append("[polling]")
    lines += [f"{key} = {value}" for key, value in extra_polling.items()]
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "cs-bot.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return environ
