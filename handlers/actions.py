"""Listeners for the buttons on item cards and the template picker in the reply modal.

Each listener acks first, then parses the payload, calls the action service and posts the
result to the user in an ephemeral message. The service checks roles, because a hidden
button is no check. Modals are opened before anything slow, inside Slack's 3-second
`trigger_id` window, and filled with `views.update` afterwards.
"""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.actions.claims import claim, release
from bot.services.actions.customer import show_customer
from bot.services.actions.replies import prepare_reply, reply_context_for
from bot.services.actions.runner import run_write
from bot.services.actions.types import (
    ActionKind,
    ActionResult,
    Actor,
    Outcome,
    new_reference_id,
)
from bot.services.actions.writes import (
    ApproveReturn,
    ConfirmExchangeReceipt,
    ConfirmReturnReceipt,
    ConfirmTransfer,
    ReportReleaseStopped,
    WriteAction,
)
from handlers import ids
from handlers.action_blocks import build_customer_details, describe_result
from handlers.interactions import Surface, channel_of, item_id_of
from handlers.modals import (
    ModalMetadata,
    build_already_shipped_modal,
    build_loading_modal,
    build_message_modal,
    build_reject_exchange_modal,
    build_reply_modal,
)
from handlers.texts import text

log = logging.getLogger(__name__)

# Buttons that write to Coupang at once; their confirm dialog is on the button itself.
DIRECT_WRITES: dict[str, Callable[[], WriteAction]] = {
    ids.ACTION_CONFIRM_TRANSFER: ConfirmTransfer,
    ids.ACTION_CONFIRM_RETURN_RECEIPT: ConfirmReturnReceipt,
    ids.ACTION_APPROVE_RETURN: ApproveReturn,
    ids.ACTION_RELEASE_STOPPED: ReportReleaseStopped,
    ids.ACTION_CONFIRM_EXCHANGE_RECEIPT: ConfirmExchangeReceipt,
}
# Buttons that open a form first; the write happens on submission.
FORM_MODALS = {
    ids.ACTION_REJECT_EXCHANGE: build_reject_exchange_modal,
    ids.ACTION_RELEASE_ALREADY_SHIPPED: build_already_shipped_modal,
}
FORM_ACTIONS = {
    ids.ACTION_REJECT_EXCHANGE: ActionKind.REJECT_EXCHANGE,
    ids.ACTION_RELEASE_ALREADY_SHIPPED: ActionKind.RELEASE_ALREADY_SHIPPED,
}


class ActionListeners:
    """The block_actions listeners, bound to one `Surface`."""

    def __init__(self, surface: Surface) -> None:
        self.surface = surface

    def register(self, app: AsyncApp) -> None:
        for action_id in DIRECT_WRITES:
            app.action(action_id)(self.handle_action_direct_write)
        for action_id in FORM_MODALS:
            app.action(action_id)(self.handle_action_open_form)
        app.action(ids.ACTION_REPLY)(self.handle_action_reply)
        app.action(ids.ACTION_REPLY_TEMPLATE)(self.handle_action_template)
        app.action(ids.ACTION_CLAIM)(self.handle_action_claim)
        app.action(ids.ACTION_RELEASE_CLAIM)(self.handle_action_claim)
        app.action(ids.ACTION_SHOW_CUSTOMER)(self.handle_action_show_customer)

    async def handle_action_direct_write(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        surface, channel_id = self.surface, channel_of(body)
        user = body.get("user") or {}

        async def work() -> None:
            actor = await surface.actor(user, context)
            write = DIRECT_WRITES[str(action["action_id"])]()
            result = await run_write(surface.service, actor, item_id_of(action) or 0, write)
            await surface.tell_result(
                client, channel_id=channel_id, result=result, user_id=actor.user_id
            )

        await surface.guarded(
            client, channel_id=channel_id, user_id=str(user.get("id")), event="action", work=work
        )

    async def handle_action_claim(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        surface, channel_id = self.surface, channel_of(body)
        user = body.get("user") or {}
        change = claim if action["action_id"] == ids.ACTION_CLAIM else release

        async def work() -> None:
            actor = await surface.actor(user, context)
            result = await change(surface.service, actor, item_id_of(action) or 0)
            await surface.tell_result(
                client, channel_id=channel_id, result=result, user_id=actor.user_id
            )

        await surface.guarded(
            client, channel_id=channel_id, user_id=str(user.get("id")), event="claim", work=work
        )

    async def handle_action_show_customer(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        surface, channel_id = self.surface, channel_of(body)
        user = body.get("user") or {}

        async def work() -> None:
            actor = await surface.actor(user, context)
            await show_customer_to(surface, client, actor, item_id_of(action) or 0, channel_id)

        await surface.guarded(
            client, channel_id=channel_id, user_id=str(user.get("id")), event="show", work=work
        )

    async def handle_action_open_form(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        surface = self.surface
        metadata = ModalMetadata(item_id_of(action) or 0, channel_of(body))
        action_id = str(action["action_id"])
        opened = await open_modal(
            surface, client, body, FORM_MODALS[action_id](metadata, surface.lang)
        )
        if opened is None:
            return
        # The form opens first, inside the trigger window. A user without the role sees the
        # rejection in place of the form; the submission is checked again anyway.
        actor = await surface.actor(body.get("user") or {}, context)
        item = await surface.service.load_item(metadata.item_id)
        refusal = await surface.service.refuse_unless_allowed(
            actor, FORM_ACTIONS[action_id], item, new_reference_id()
        )
        if refusal is None:
            return
        message = describe_result(refusal, surface.lang)
        view = build_message_modal("modal.refused.title", message, surface.lang)
        try:
            await client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=view)
        except SlackApiError as exc:
            log.warning("slack.views_update.failed", extra={"error": exc.response.get("error")})

    async def handle_action_reply(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        metadata = ModalMetadata(item_id_of(action) or 0, channel_of(body))

        async def work() -> None:
            await open_reply_modal(self.surface, client, body, context, metadata)

        user_id = str((body.get("user") or {}).get("id"))
        await self.surface.guarded(
            client, channel_id=metadata.channel_id, user_id=user_id, event="reply", work=work
        )

    async def handle_action_template(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        view = body.get("view") or {}
        metadata = ModalMetadata.decode(str(view.get("private_metadata") or ""))
        selected = (action.get("selected_option") or {}).get("value")
        if metadata is None:
            return
        service = self.surface.service
        item = await service.load_item(metadata.item_id)
        if item is None:
            return
        # The picker only fills the text box; the submission runs every check again.
        shown = ActionResult(Outcome.DONE, ActionKind.OPEN_REPLY, reference_id="")
        context = reply_context_for(
            item, shown, now=service.clock(), templates=service.settings.templates
        )
        modal = build_reply_modal(
            context, metadata, lang=self.surface.lang, tz=self.surface.tz, template_name=selected
        )
        try:
            await client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=modal)
        except SlackApiError as exc:
            log.warning("slack.views_update.failed", extra={"error": exc.response.get("error")})


async def open_modal(
    surface: Surface, client: AsyncWebClient, body: dict[str, Any], view: dict[str, Any]
) -> dict[str, Any] | None:
    """Open a modal with the payload's `trigger_id`; tell the user if the trigger expired."""
    user_id = str((body.get("user") or {}).get("id") or body.get("user_id") or "")
    try:
        response = await client.views_open(trigger_id=body.get("trigger_id"), view=view)
    except SlackApiError as exc:
        log.warning("slack.views_open.failed", extra={"error": exc.response.get("error")})
        message = text("cs.trigger_expired", surface.lang)
        channel_id = channel_of(body) or body.get("channel_id")
        await surface.tell(client, channel_id=channel_id, user_id=user_id, message=message)
        return None
    opened: dict[str, Any] = response["view"]
    return opened


async def open_reply_modal(
    surface: Surface,
    client: AsyncWebClient,
    body: dict[str, Any],
    context: AsyncBoltContext,
    metadata: ModalMetadata,
) -> None:
    """Open the loading view at once, then check and fill it with `views.update`."""
    loading = build_loading_modal(ids.CALLBACK_REPLY_MODAL, metadata, surface.lang)
    opened = await open_modal(surface, client, body, loading)
    if opened is None:
        return
    user = body.get("user") or {"id": body.get("user_id"), "team_id": body.get("team_id")}
    actor = await surface.actor(user, context)
    reply_context = await prepare_reply(surface.service, actor, metadata.item_id)
    if reply_context.result.outcome is Outcome.DONE:
        view = build_reply_modal(reply_context, metadata, lang=surface.lang, tz=surface.tz)
    else:
        message = describe_result(reply_context.result, surface.lang)
        view = build_message_modal("modal.refused.title", message, surface.lang)
    try:
        await client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=view)
    except SlackApiError as exc:
        log.warning("slack.views_update.failed", extra={"error": exc.response.get("error")})


async def show_customer_to(
    surface: Surface, client: AsyncWebClient, actor: Actor, item_id: int, channel_id: str | None
) -> None:
    """Fetch and show customer details to one user only, or tell them why not."""
    user_id = actor.user_id
    details = await show_customer(surface.service, actor, item_id)
    result = details.result
    if result.outcome is not Outcome.DONE or result.item is None:
        await surface.tell_result(client, channel_id=channel_id, result=result, user_id=user_id)
        return
    # The one message with unmasked data: ephemeral, to the clicking user only, and not
    # passed through the masking of channel messages.
    message = build_customer_details(
        details.fields, coupang_id=result.item.coupang_id, lang=surface.lang
    )
    await surface.tell(
        client,
        channel_id=channel_id,
        user_id=user_id,
        message=message.text,
        blocks=message.blocks_as_dicts(),
    )
