"""Listeners for modal submissions: reply, exchange rejection and the already-shipped invoice.

Input is validated before the ack, so errors show under the field
(`response_action="errors"`, keyed by the input's `block_id`). After the ack the modal
closes and the Coupang write runs; its result reaches the user as an ephemeral message.
"""

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.actions.replies import REPLY_WRITES, ReplyTextError, validate_reply_text
from bot.services.actions.runner import run_write
from bot.services.actions.writes import RejectExchange, ReportAlreadyShipped, WriteAction
from coupang.models import ExchangeRejectCode
from handlers import ids
from handlers.interactions import Surface, describe_reply_problem
from handlers.modals import (
    COURIER_ACTION,
    COURIER_BLOCK,
    INVOICE_ACTION,
    INVOICE_BLOCK,
    REJECT_REASON_ACTION,
    REJECT_REASON_BLOCK,
    ModalMetadata,
    find_reply_block,
)
from handlers.texts import text

COURIER_CODE = re.compile(r"^[A-Z0-9_]{2,20}$")
INVOICE_NUMBER = re.compile(r"^[0-9-]{6,30}$")


class ViewListeners:
    """The view_submission listeners, bound to one `Surface`."""

    def __init__(self, surface: Surface) -> None:
        self.surface = surface

    def register(self, app: AsyncApp) -> None:
        app.view(ids.CALLBACK_REPLY_MODAL)(self.handle_view_reply)
        app.view(ids.CALLBACK_REJECT_EXCHANGE_MODAL)(self.handle_view_reject_exchange)
        app.view(ids.CALLBACK_ALREADY_SHIPPED_MODAL)(self.handle_view_already_shipped)

    async def handle_view_reply(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        metadata = ModalMetadata.decode(str(view.get("private_metadata") or ""))
        item = await self.surface.service.load_item(metadata.item_id) if metadata else None
        found = find_reply_block(view.get("state", {}).get("values", {}))
        if metadata is None or item is None or item.kind not in REPLY_WRITES or found is None:
            await ack()
            return
        block_id, raw_text = found
        try:
            content = validate_reply_text(raw_text, item.kind)
        except ReplyTextError as exc:
            message = describe_reply_problem(exc, self.surface.lang)
            await ack(response_action="errors", errors={block_id: message})
            return
        await ack()
        write = REPLY_WRITES[item.kind](content=content, view_id=str(view.get("id")))
        await self._run(body, context, client, metadata, write)

    async def handle_view_reject_exchange(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        metadata = ModalMetadata.decode(str(view.get("private_metadata") or ""))
        values = view.get("state", {}).get("values", {})
        selected = (values.get(REJECT_REASON_BLOCK, {}).get(REJECT_REASON_ACTION) or {}).get(
            "selected_option"
        ) or {}
        try:
            reason = ExchangeRejectCode(str(selected.get("value")))
        except ValueError:
            message = text("modal.reject.reason", self.surface.lang)
            await ack(response_action="errors", errors={REJECT_REASON_BLOCK: message})
            return
        await ack()
        if metadata is not None:
            await self._run(body, context, client, metadata, RejectExchange(reason=reason))

    async def handle_view_already_shipped(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        metadata = ModalMetadata.decode(str(view.get("private_metadata") or ""))
        values = view.get("state", {}).get("values", {})
        courier = _input_value(values, COURIER_BLOCK, COURIER_ACTION).upper()
        invoice = _input_value(values, INVOICE_BLOCK, INVOICE_ACTION)
        errors = {}
        if not COURIER_CODE.fullmatch(courier):
            errors[COURIER_BLOCK] = text("modal.error.courier", self.surface.lang)
        if not INVOICE_NUMBER.fullmatch(invoice):
            errors[INVOICE_BLOCK] = text("modal.error.invoice", self.surface.lang)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        if metadata is not None:
            write = ReportAlreadyShipped(delivery_company_code=courier, invoice_number=invoice)
            await self._run(body, context, client, metadata, write)

    async def _run(
        self,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        metadata: ModalMetadata,
        write: WriteAction,
    ) -> None:
        surface = self.surface
        user = body.get("user") or {}

        async def work() -> None:
            actor = await surface.actor(user, context)
            result = await run_write(surface.service, actor, metadata.item_id, write)
            await surface.tell_result(
                client, channel_id=metadata.channel_id, result=result, user_id=actor.user_id
            )

        await surface.guarded(
            client,
            channel_id=metadata.channel_id,
            user_id=str(user.get("id")),
            event="view_submission",
            work=work,
        )


def _input_value(values: dict[str, Any], block_id: str, action_id: str) -> str:
    return str((values.get(block_id, {}).get(action_id) or {}).get("value") or "").strip()
