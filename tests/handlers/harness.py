"""A bot under test for the Slack actions: the real AsyncApp, the sandbox and the stand-in.

Requests reach the app as Slack sends them: signed HTTP posts to `/slack/events`, or
Socket-Mode-style `async_dispatch` calls. Bolt acks first and runs the rest of a listener
in the background, so tests wait for its visible effect (an ephemeral message, a view
update) with `wait_for`. Every user id and value here is synthetic.
"""

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlalchemy import select

from bot.app import build_app, build_web_app
from bot.deps import Deps, open_deps
from bot.local_env import LocalEnvironment
from bot.settings import Settings, load_settings
from bot.slackstub.signed_requests import (
    AppResponse,
    build_block_actions_payload,
    build_slash_command_payload,
    build_view_submission_payload,
    plain_text_value,
    post_to_app,
    sign_interaction,
    sign_slash_command,
)
from bot.slackstub.workspace import EphemeralMessage
from bot.storage import StoredItem, get_item
from bot.storage.tables import AccessRecord, ActionAttempt, Item, ItemKind
from coupang.transport import RetryPolicy
from handlers import ids
from handlers.modals import REPLY_TEXT_ACTION

VENDOR_ID = "A00012345"
AGENT = "U0AGENT01"
AGENT_WING_ID = "a00012345_cs"
MANAGER = "U0MANAGER1"
MANAGER_WING_ID = "a00012345_lead"
UNMASKER = "U0UNMASK1"
OUTSIDER = "U0EXTERN1"
NOBODY = "U0NOBODY1"
BAD_WING = "U0BADWING1"
ADMIN = "U0ADMIN01"
MANAGER_GROUP = "S0MANAGERS"
OTHER_TEAM = "T0OTHERORG"
POSTS_PER_SECOND = 200.0
WAIT_SECONDS = 10.0

ROLES_TOML = f"""
[roles]
agent = ["{AGENT}", "{UNMASKER}", "{OUTSIDER}", "{BAD_WING}"]
manager = ["{MANAGER_GROUP}"]
admin = ["{ADMIN}"]
unmask = ["{UNMASKER}", "{OUTSIDER}"]

[wing_users]
{AGENT} = "{AGENT_WING_ID}"
{MANAGER} = "{MANAGER_WING_ID}"
{BAD_WING} = "not_a_wing_user"
"""


def configure_roles(env: LocalEnvironment, *, shared_wing_user: bool = True) -> Settings:
    """Add roles and WING ids to the environment's configuration file and reload it."""
    path = env.workdir / "cs-bot.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not shared_wing_user:
        lines = [line for line in lines if not line.startswith("wing_user =")]
    path.write_text("\n".join(lines) + "\n" + ROLES_TOML, encoding="utf-8")
    return load_settings(env.environ)


def add_people(env: LocalEnvironment) -> None:
    """Add the test users, the manager group and channel memberships to the stand-in."""
    slack = env.slack
    for user_id in (AGENT, MANAGER, UNMASKER, NOBODY, BAD_WING, ADMIN):
        slack.add_user(user_id.lower(), user_id=user_id)
    slack.add_user("outsider", user_id=OUTSIDER, team_id=OTHER_TEAM)
    slack.add_usergroup([MANAGER], usergroup_id=MANAGER_GROUP)
    for channel_id in env.channel_ids.values():
        env.slack.workspace.channels[channel_id].members.update(
            {AGENT, MANAGER, UNMASKER, NOBODY, OUTSIDER, BAD_WING}
        )


@dataclass
class Bot:
    """One bot process: deps, the Bolt app and its HTTP server on a loopback port."""

    env: LocalEnvironment
    deps: Deps
    app: AsyncApp
    url: str

    @property
    def secret(self) -> str:
        return self.env.environ["SLACK_SIGNING_SECRET"]

    async def post_items(self, *kinds: ItemKind) -> None:
        """Poll the given kinds (default: all) once and send the resulting Slack work."""
        for kind in kinds or tuple(ItemKind):
            await self.deps.poller.run_poll_job(VENDOR_ID, kind)
        await self.deps.outbox.drain()

    async def item(self, kind: ItemKind, coupang_id: int) -> StoredItem:
        async with self.deps.sessions.begin() as session:
            row_id = await session.scalar(
                select(Item.id).where(Item.kind == kind, Item.coupang_id == coupang_id)
            )
            stored = await get_item(session, row_id or 0, cipher=self.deps.cipher)
        if stored is None:
            raise AssertionError(f"no stored {kind.value} {coupang_id}")
        return stored

    async def click(
        self,
        user_id: str,
        action_id: str,
        item: StoredItem,
        *,
        socket_mode: bool = False,
        team_id: str | None = None,
        trigger_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> AppResponse:
        """Click a button on the item's card as `user_id`."""
        payload = build_block_actions_payload(
            user_id=user_id,
            action_id=action_id,
            value=str(item.id),
            block_id=ids.item_block_id(item.id, "actions"),
            channel_id=item.slack_channel or "",
            message_ts=item.slack_ts or "",
            trigger_id=trigger_id or self.env.slack.issue_trigger_id(user_id),
            **({"team_id": team_id} if team_id else {}),
        )
        return await self.send_interaction(payload, socket_mode=socket_mode, headers=headers)

    async def submit_reply(
        self,
        user_id: str,
        item: StoredItem,
        reply: str,
        *,
        view_id: str,
        socket_mode: bool = False,
        headers: dict[str, str] | None = None,
    ) -> AppResponse:
        metadata = json.dumps({"item_id": item.id, "channel": item.slack_channel})
        payload = build_view_submission_payload(
            user_id=user_id,
            callback_id=ids.CALLBACK_REPLY_MODAL,
            state_values={"reply_text": {REPLY_TEXT_ACTION: plain_text_value(reply)}},
            private_metadata=metadata,
            view_id=view_id,
        )
        return await self.send_interaction(payload, socket_mode=socket_mode, headers=headers)

    async def submit_view(
        self,
        user_id: str,
        callback_id: str,
        item: StoredItem,
        state_values: dict[str, dict[str, dict[str, Any]]],
        *,
        view_id: str = "V0SUBMIT01",
    ) -> AppResponse:
        metadata = json.dumps({"item_id": item.id, "channel": item.slack_channel})
        payload = build_view_submission_payload(
            user_id=user_id,
            callback_id=callback_id,
            state_values=state_values,
            private_metadata=metadata,
            view_id=view_id,
        )
        return await self.send_interaction(payload)

    async def command(self, user_id: str, text: str, *, channel_id: str | None = None) -> Any:
        fields = build_slash_command_payload(
            user_id=user_id,
            channel_id=channel_id or self.env.channel_ids["inquiries"],
            text=text,
            trigger_id=self.env.slack.issue_trigger_id(user_id),
        )
        signed = sign_slash_command(fields, signing_secret=self.secret)
        response = await post_to_app(self.url, signed)
        assert response.status == 200, response.body
        return response.json()

    async def send_interaction(
        self,
        payload: dict[str, Any],
        *,
        socket_mode: bool = False,
        headers: dict[str, str] | None = None,
    ) -> AppResponse:
        if socket_mode:
            request = AsyncBoltRequest(body=payload, mode="socket_mode", headers=headers or {})
            response = await self.app.async_dispatch(request)
            return AppResponse(status=response.status, body=response.body)
        signed = sign_interaction(payload, signing_secret=self.secret)
        signed.headers.update(headers or {})
        return await post_to_app(self.url, signed)

    def ephemerals(self, user_id: str) -> list[EphemeralMessage]:
        return [
            message
            for channel in self.env.slack.workspace.channels.values()
            for message in channel.ephemeral
            if message.user == user_id
        ]

    async def access_records(self) -> list[AccessRecord]:
        async with self.deps.sessions.begin() as session:
            rows = await session.scalars(select(AccessRecord).order_by(AccessRecord.id))
            return list(rows)

    async def attempts(self) -> list[ActionAttempt]:
        async with self.deps.sessions.begin() as session:
            return list(await session.scalars(select(ActionAttempt).order_by(ActionAttempt.id)))


async def wait_for(condition: Callable[[], Any]) -> None:
    """Wait until `condition()` (sync or async) is truthy; fail after WAIT_SECONDS."""
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            value = condition()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return
            await asyncio.sleep(0.02)


async def wait_for_ephemerals(bot: Bot, user_id: str, count: int) -> list[EphemeralMessage]:
    await wait_for(lambda: len(bot.ephemerals(user_id)) >= count)
    return bot.ephemerals(user_id)


@asynccontextmanager
async def run_bot(env: LocalEnvironment, settings: Settings) -> AsyncIterator[Bot]:
    """Open one bot process on the environment's database and serve it on loopback."""
    async with open_deps(
        settings,
        clock=env.sandbox.state.clock.now,
        coupang_retry_policy=RetryPolicy(max_attempts=1),
        channel_interval=1 / POSTS_PER_SECOND,
    ) as deps:
        app = build_app(settings, deps)
        runner = web.AppRunner(build_web_app(app, deps, serve_slack_events=True))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            yield Bot(env, deps, app, f"http://127.0.0.1:{port}")
        finally:
            await runner.cleanup()


def advance(env: LocalEnvironment, **delta: float) -> None:
    env.sandbox.state.advance_clock(timedelta(**delta))


def data_dir(env: LocalEnvironment) -> Path:
    return env.workdir
