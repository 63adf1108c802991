"""The interactive part of `cs-bot demo`: staff act on cards through signed Slack requests.

`add_demo_people(env)` adds an agent and a manager with roles and WING ids to the local
configuration; `play_interactions` then sends the requests Slack would send to the running
bot (a reply submission, a transfer confirm, a return receipt and approval, and an
approval an agent is not allowed to make) and describes what Slack and the sandbox show
afterwards. Every name and value is synthetic.
"""

import asyncio
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from bot.local_env import LocalEnvironment
from bot.settings import Settings, load_settings
from bot.slackstub.signed_requests import (
    build_block_actions_payload,
    build_view_submission_payload,
    plain_text_value,
    post_to_app,
    sign_interaction,
)
from bot.storage.tables import Item, ItemKind
from handlers import ids
from handlers.modals import REPLY_TEXT_ACTION, REPLY_TEXT_BLOCK_PREFIX

DEMO_AGENT = "U0DEMOAGENT"
DEMO_MANAGER = "U0DEMOMGR"
STEP_TIMEOUT_SECONDS = 30.0
DEMO_REPLY = "안녕하세요. 주문하신 상품은 내일 출고됩니다.\n감사합니다."


def add_demo_people(env: LocalEnvironment) -> Settings:
    """Add a demo agent and manager to Slack and the configuration, and reload the settings."""
    vendor = env.sandbox.state.vendor()
    path = env.workdir / "cs-bot.toml"
    roles = (
        "\n[roles]\n"
        f'agent = ["{DEMO_AGENT}"]\n'
        f'manager = ["{DEMO_MANAGER}"]\n'
        "\n[wing_users]\n"
        f'{DEMO_AGENT} = "{vendor.wing_user_ids[0]}"\n'
        f'{DEMO_MANAGER} = "{vendor.wing_user_ids[1]}"\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + roles, encoding="utf-8")
    env.slack.add_user("demo-agent", user_id=DEMO_AGENT)
    env.slack.add_user("demo-manager", user_id=DEMO_MANAGER)
    for channel_id in env.channel_ids.values():
        env.slack.workspace.channels[channel_id].members.update({DEMO_AGENT, DEMO_MANAGER})
    return load_settings(env.environ)


async def play_interactions(env: LocalEnvironment, deps: Deps, app_url: str) -> list[str]:
    """Play the staff actions against the bot at `app_url` and return one line per outcome."""
    state = env.sandbox.state
    inquiry = state.add_product_inquiry()
    transfer = state.add_call_center_inquiry(needs_answer=False)
    receipt = state.add_return(status="RETURNS_UNCHECKED")
    other = state.add_return(status="VENDOR_WAREHOUSE_CONFIRM")
    await _post_new_items(deps)
    player = _Player(env, deps, app_url)
    lines = ["7. Staff act on the new cards through signed Slack requests:"]

    lines.append(await player.reply(DEMO_AGENT, inquiry.inquiry_id, DEMO_REPLY))
    comments = [comment.content for comment in inquiry.comments]
    lines.append(f"   Coupang: inquiry {inquiry.inquiry_id} has {len(comments)} seller answer(s).")

    lines.append(
        await player.click(
            DEMO_AGENT,
            ItemKind.CALL_CENTER_INQUIRY,
            transfer.inquiry_id,
            ids.ACTION_CONFIRM_TRANSFER,
        )
    )
    lines.append(
        await player.click(
            DEMO_AGENT,
            ItemKind.RETURN_REQUEST,
            receipt.receipt_id,
            ids.ACTION_CONFIRM_RETURN_RECEIPT,
        )
    )
    lines.append(
        await player.click(
            DEMO_MANAGER, ItemKind.RETURN_REQUEST, receipt.receipt_id, ids.ACTION_APPROVE_RETURN
        )
    )
    lines.append(f"   Coupang: return {receipt.receipt_id} is {receipt.receipt_status}.")
    lines.append(
        await player.click(
            DEMO_AGENT, ItemKind.RETURN_REQUEST, other.receipt_id, ids.ACTION_APPROVE_RETURN
        )
    )
    lines.append(f"   Coupang: return {other.receipt_id} is still {other.receipt_status}.")

    async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
        await deps.outbox.wait_until_sent()
    # The withdrawal lookup is a POST that only reads, so it is not listed as a write.
    writes = [
        call
        for call in state.calls
        if call.method in ("POST", "PUT", "PATCH")
        and call.status < 300
        and "returnWithdrawList" not in call.path
    ]
    lines.append(f"   Coupang call log: {len(writes)} write(s):")
    lines += [f"     {call.method} {call.path} → {call.status}" for call in writes]
    return lines


class _Player:
    def __init__(self, env: LocalEnvironment, deps: Deps, app_url: str) -> None:
        self.env = env
        self.deps = deps
        self.app_url = app_url
        self.secret = env.environ["SLACK_SIGNING_SECRET"]

    async def reply(self, user_id: str, inquiry_id: int, reply: str) -> str:
        item_id, channel_id, _ = await self._item(ItemKind.ONLINE_INQUIRY, inquiry_id)
        payload = build_view_submission_payload(
            user_id=user_id,
            callback_id=ids.CALLBACK_REPLY_MODAL,
            state_values={REPLY_TEXT_BLOCK_PREFIX: {REPLY_TEXT_ACTION: plain_text_value(reply)}},
            private_metadata=json.dumps({"item_id": item_id, "channel": channel_id}),
            view_id=f"V0DEMO{item_id:04d}",
        )
        return await self._send(user_id, f"{user_id} submits a reply to {inquiry_id}", payload)

    async def click(self, user_id: str, kind: ItemKind, coupang_id: int, action_id: str) -> str:
        item_id, channel_id, ts = await self._item(kind, coupang_id)
        payload = build_block_actions_payload(
            user_id=user_id,
            action_id=action_id,
            value=str(item_id),
            block_id=ids.item_block_id(item_id, "actions"),
            channel_id=channel_id,
            message_ts=ts,
            trigger_id=self.env.slack.issue_trigger_id(user_id),
        )
        return await self._send(user_id, f"{user_id} clicks {action_id} on {coupang_id}", payload)

    async def _send(self, user_id: str, label: str, payload: dict[str, Any]) -> str:
        before = len(self._ephemerals(user_id))
        response = await post_to_app(
            self.app_url, sign_interaction(payload, signing_secret=self.secret)
        )
        await _wait_until(lambda: len(self._ephemerals(user_id)) > before)
        told = self._ephemerals(user_id)[-1].replace("\n", " / ")
        return f"   {label}: HTTP {response.status}; Slack tells {user_id}: {told}"

    def _ephemerals(self, user_id: str) -> list[str]:
        return [
            message.text
            for channel in self.env.slack.workspace.channels.values()
            for message in channel.ephemeral
            if message.user == user_id
        ]

    async def _item(self, kind: ItemKind, coupang_id: int) -> tuple[int, str, str]:
        async with self.deps.sessions.begin() as session:
            row = (
                await session.execute(
                    select(Item.id, Item.slack_channel, Item.slack_ts).where(
                        Item.kind == kind, Item.coupang_id == coupang_id
                    )
                )
            ).one()
        return int(row.id), str(row.slack_channel or ""), str(row.slack_ts or "")


async def _post_new_items(deps: Deps) -> None:
    await deps.poller.poll_all_once()
    async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
        await deps.outbox.wait_until_sent()


async def _wait_until(condition: Callable[[], bool]) -> None:
    # The listener keeps running after Bolt's ack, and the stand-in has no event to await.
    async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
        while True:
            if condition():
                return
            await asyncio.sleep(0.02)
