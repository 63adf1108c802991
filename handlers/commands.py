"""The `/cs` slash command: help, reply, show, claim, release, pending, whoami, routes, digest.

Items are named by their Coupang id (inquiry, receipt or exchange id), the number on the
card. Unknown input gets the help text, not an error. Responses are ephemeral: quick ones
are the ack text, and slow ones follow as an ephemeral message in the command's channel.
"""

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.actions.claims import claim, release
from bot.services.actions.replies import REPLY_WRITES, ReplyTextError, validate_reply_text
from bot.services.actions.runner import run_write
from bot.services.actions.types import ActionKind, Actor, new_reference_id
from bot.services.digest_job import DigestJob
from bot.storage import StoredItem
from handlers.action_blocks import describe_result
from handlers.actions import open_reply_modal, show_customer_to
from handlers.cards import kind_label
from handlers.digest_command import show_digest_to
from handlers.ids import parse_id
from handlers.interactions import Surface, describe_reply_problem
from handlers.modals import ModalMetadata
from handlers.texts import Lang, has_text, text

log = logging.getLogger(__name__)

SLASH_COMMAND = "/cs"
MAX_PENDING_LINES = 20
ITEM_SUBCOMMANDS = ("reply", "show", "claim", "release")


class CommandListeners:
    """The `/cs` listener, bound to one `Surface`. `/cs digest` needs the `DigestJob`."""

    def __init__(self, surface: Surface, digest: DigestJob | None = None) -> None:
        self.surface = surface
        self.digest = digest

    def register(self, app: AsyncApp) -> None:
        app.command(SLASH_COMMAND)(self.handle_command_cs)

    async def handle_command_cs(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        words = str(command.get("text") or "").split(maxsplit=2)
        subcommand = words[0].lower() if words else "help"
        lang = self.surface.lang
        if subcommand in ITEM_SUBCOMMANDS:
            if len(words) < 2:
                await ack(
                    response_type="ephemeral", text=text("cs.usage", lang, subcommand=subcommand)
                )
                return
            coupang_id = parse_id(words[1])
            if coupang_id is None:
                message = text("cs.invalid_id", lang, subcommand=subcommand)
                await ack(response_type="ephemeral", text=message)
                return
            await self._item_command(ack, command, body, client, context, words, coupang_id)
        elif subcommand == "whoami":
            await ack(response_type="ephemeral", text=await self._whoami(command, context))
        elif subcommand == "pending":
            await ack(response_type="ephemeral", text=await self._pending(command, context))
        elif subcommand == "routes":
            await ack(response_type="ephemeral", text=await self._routes(command, context))
        elif subcommand == "digest" and self.digest is not None:
            await ack()
            await self._digest(command, client, context, self.digest)
        else:
            await ack(response_type="ephemeral", text=text("cs.help", lang))

    async def _item_command(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        words: list[str],
        coupang_id: int,
    ) -> None:
        surface, lang = self.surface, self.surface.lang
        subcommand = words[0].lower()
        items = await surface.service.find_items_by_coupang_id(coupang_id)
        if subcommand == "reply":
            items = [item for item in items if item.kind in REPLY_WRITES]
        if len(items) != 1:
            key = "cs.not_found" if not items else "cs.ambiguous"
            await ack(response_type="ephemeral", text=text(key, lang, coupang_id=coupang_id))
            return
        item = items[0]
        reply_text = words[2] if len(words) > 2 else ""
        if subcommand == "reply" and reply_text:
            try:
                validate_reply_text(reply_text, item.kind)
            except ReplyTextError as exc:
                message = describe_reply_problem(exc, lang)
                await ack(response_type="ephemeral", text=message)
                return
        await ack()

        channel_id = str(command.get("channel_id") or "")
        user_id = str(command.get("user_id") or "")

        async def work() -> None:
            if subcommand == "reply" and not reply_text:
                metadata = ModalMetadata(item.id, channel_id)
                await open_reply_modal(surface, client, body, context, metadata)
                return
            actor = await surface.actor(_user_of(command), context)
            await self._run_item_command(client, actor, item, subcommand, reply_text, command)

        await surface.guarded(
            client, channel_id=channel_id, user_id=user_id, event="command", work=work
        )

    async def _run_item_command(
        self,
        client: AsyncWebClient,
        actor: Actor,
        item: StoredItem,
        subcommand: str,
        reply_text: str,
        command: dict[str, Any],
    ) -> None:
        surface = self.surface
        channel_id = str(command.get("channel_id") or "")
        if subcommand == "show":
            await show_customer_to(surface, client, actor, item.id, channel_id)
            return
        if subcommand == "reply":
            # The command's trigger_id is unique per invocation, so it keys this attempt.
            invocation = f"cs:{str(command.get('trigger_id') or new_reference_id())[:40]}"
            content = validate_reply_text(reply_text, item.kind)
            write = REPLY_WRITES[item.kind](content=content, view_id=invocation)
            result = await run_write(surface.service, actor, item.id, write)
        elif subcommand == "claim":
            result = await claim(surface.service, actor, item.id)
        else:
            result = await release(surface.service, actor, item.id)
        await surface.tell_result(
            client, channel_id=channel_id, result=result, user_id=actor.user_id
        )

    async def _digest(
        self,
        command: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        digest: DigestJob,
    ) -> None:
        channel_id = str(command.get("channel_id") or "")
        user_id = str(command.get("user_id") or "")

        async def work() -> None:
            actor = await self.surface.actor(_user_of(command), context)
            await show_digest_to(self.surface, digest, client, actor, channel_id=channel_id)

        await self.surface.guarded(
            client, channel_id=channel_id, user_id=user_id, event="command", work=work
        )

    async def _whoami(self, command: dict[str, Any], context: AsyncBoltContext) -> str:
        actor = await self.surface.actor(_user_of(command), context)
        lang = self.surface.lang
        roles = ", ".join(text(f"role.{role.value}", lang) for role in sorted(actor.roles))
        wing_id = self.surface.service.settings.wing_users.get(actor.user_id)
        return text("cs.whoami", lang, roles=roles or text("cs.none", lang), wing_id=wing_id or "-")

    async def _pending(self, command: dict[str, Any], context: AsyncBoltContext) -> str:
        surface, lang = self.surface, self.surface.lang
        actor = await surface.actor(_user_of(command), context)
        reference_id = new_reference_id()
        refusal = await surface.service.refuse_unless_allowed(
            actor, ActionKind.LIST_PENDING, None, reference_id
        )
        if refusal is not None:
            return describe_result(refusal, lang)
        # NOTE: roles are not per route, so every open item of every vendor is listed.
        items, total = await surface.service.list_open_items(MAX_PENDING_LINES)
        if not items:
            return text("cs.pending.empty", lang)
        lines = [text("cs.pending.title", lang, count=total)]
        lines += [_pending_line(item, lang) for item in items]
        if total > len(items):
            lines.append(text("cs.pending.more", lang, count=total - len(items)))
        return "\n".join(lines)

    async def _routes(self, command: dict[str, Any], context: AsyncBoltContext) -> str:
        surface, lang = self.surface, self.surface.lang
        actor = await surface.actor(_user_of(command), context)
        reference_id = new_reference_id()
        refusal = await surface.service.refuse_unless_allowed(
            actor, ActionKind.SHOW_ROUTES, None, reference_id
        )
        if refusal is not None:
            return describe_result(refusal, lang)
        lines = [text("cs.routes.title", lang)]
        for vendor in surface.service.settings.vendors:
            channels = vendor.channels
            lines.append(
                f"• {vendor.id}: inquiries <#{channels.inquiries}>, call_center "
                f"<#{channels.call_center}>, returns <#{channels.returns}>, exchanges "
                f"<#{channels.exchanges}>, digest <#{channels.digest}>, ops <#{channels.ops}>"
            )
        return "\n".join(lines)


def _user_of(command: dict[str, Any]) -> dict[str, Any]:
    return {"id": command.get("user_id"), "team_id": command.get("team_id")}


def _pending_line(item: StoredItem, lang: Lang) -> str:
    claimed = f" · <@{item.claimed_by}>" if item.claimed_by else ""
    status_key = f"status.{item.kind.value}.{item.status}"
    status = text(status_key, lang) if has_text(status_key) else item.status
    return f"• {kind_label(item.kind, lang)} {item.coupang_id} · {status}{claimed}"
