"""Helpers shared by the action, view and command listeners: the actor, replies, failures."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.actions.replies import ReplyTextError
from bot.services.actions.service import ActionService
from bot.services.actions.types import ActionResult, Actor, new_reference_id
from handlers.action_blocks import describe_result
from handlers.ids import parse_id
from handlers.texts import Lang, parse_lang, text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Surface:
    """Shared state of the listeners: the action service, the language and the time zone."""

    service: ActionService
    lang: Lang
    tz: ZoneInfo

    @classmethod
    def create(cls, service: ActionService) -> "Surface":
        settings = service.settings
        return cls(service, parse_lang(settings.language), ZoneInfo(settings.time_zone))

    async def actor(self, user: dict[str, Any], context: AsyncBoltContext) -> Actor:
        """Resolve the clicking user; the app's team comes from Bolt's authorize result."""
        authorize = context.authorize_result
        app_team_id = authorize.team_id if authorize is not None else None
        user_team = user.get("team_id") or context.team_id
        return await self.service.resolve_actor(
            user_id=str(user.get("id") or context.user_id or ""),
            team_id=str(user_team) if user_team else None,
            app_team_id=app_team_id,
        )

    async def tell(
        self,
        client: AsyncWebClient,
        *,
        channel_id: str | None,
        user_id: str,
        message: str,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        """Post an ephemeral message to one user. A Slack error is logged, not raised."""
        if not channel_id:
            log.warning("slack.ephemeral.no_channel", extra={"user": user_id})
            return
        try:
            await client.chat_postEphemeral(
                channel=channel_id, user=user_id, text=message, blocks=blocks
            )
        except (SlackApiError, SlackClientError) as exc:
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            log.warning(
                "slack.ephemeral.failed",
                extra={
                    "channel": channel_id,
                    "user": user_id,
                    "error": error or type(exc).__name__,
                },
            )

    async def tell_result(
        self, client: AsyncWebClient, *, channel_id: str | None, result: ActionResult, user_id: str
    ) -> None:
        await self.tell(
            client,
            channel_id=channel_id,
            user_id=user_id,
            message=describe_result(result, self.lang),
        )

    async def guarded(
        self,
        client: AsyncWebClient,
        *,
        channel_id: str | None,
        user_id: str,
        event: str,
        work: Callable[[], Awaitable[None]],
    ) -> None:
        """Run a listener's work after the ack; an unexpected error gets a reference id.

        The user sees a generic sentence with the id, and the log has the same id with the
        exception class, never its text.
        """
        try:
            await work()
        except Exception as exc:
            reference_id = new_reference_id()
            log.exception(
                "slack.listener.crashed",
                extra={"event": event, "reference_id": reference_id, "error": type(exc).__name__},
            )
            message = text("result.internal_error", self.lang, ref=reference_id)
            await self.tell(client, channel_id=channel_id, user_id=user_id, message=message)


def describe_reply_problem(exc: ReplyTextError, lang: Lang) -> str:
    """Return the sentence that tells the user what to fix in the reply text."""
    return text(
        f"modal.error.{exc.problem.value}",
        lang,
        min=exc.minimum,
        max=exc.maximum,
        length=exc.length,
        characters=exc.character_names,
    )


def channel_of(body: dict[str, Any]) -> str | None:
    """Return the channel id of an interaction payload, if it came from a channel."""
    channel = body.get("channel")
    if isinstance(channel, dict) and channel.get("id"):
        return str(channel["id"])
    container = body.get("container")
    if isinstance(container, dict) and container.get("channel_id"):
        return str(container["channel_id"])
    return None


def item_id_of(action: dict[str, Any]) -> int | None:
    """Return the item row id from a button's `value`, or None if it is not a row id."""
    return parse_id(str(action.get("value") or ""))
