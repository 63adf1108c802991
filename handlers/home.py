"""App Home listeners: publish the user's view on `app_home_opened`, acknowledge its buttons."""

import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.config import Role
from handlers.home_view import ACTION_HOME_OPEN_ITEM
from handlers.interactions import Surface

if TYPE_CHECKING:
    # bot.services.home_publisher imports handlers (the view builder), so only type checks
    # import it here.
    from bot.services.home_publisher import HomePublisher


class HomeListeners:
    """The `app_home_opened` listener and the Home tab's URL buttons."""

    def __init__(self, surface: Surface, publisher: "HomePublisher") -> None:
        self.surface = surface
        self.publisher = publisher

    def register(self, app: AsyncApp) -> None:
        app.event("app_home_opened")(self.handle_app_home_opened)
        app.action(re.compile(f"^{ACTION_HOME_OPEN_ITEM}:"))(self.handle_open_item)

    async def handle_app_home_opened(
        self, event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if event.get("tab") != "home":
            return
        user = {"id": event.get("user"), "team_id": context.team_id}
        actor = await self.surface.actor(user, context)
        await self.publisher.opened(actor.user_id, is_manager=Role.MANAGER in actor.roles)

    async def handle_open_item(self, ack: AsyncAck) -> None:
        # The button opens its URL in the client; Slack still sends the click, which needs an ack.
        await ack()
