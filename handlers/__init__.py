"""Slack surface of the bot: `register(app, deps)` is the single list of routes."""

from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp

from bot.services.actions.service import build_action_service
from handlers.actions import ActionListeners
from handlers.commands import SLASH_COMMAND, CommandListeners
from handlers.home import HomeListeners
from handlers.interactions import Surface
from handlers.views import ViewListeners

if TYPE_CHECKING:
    from bot.deps import Deps

__all__ = ["SLASH_COMMAND", "register"]


def register(app: AsyncApp, deps: "Deps") -> None:
    """Register every listener of the bot on `app`: `/cs`, buttons, modals and App Home."""
    surface = Surface.create(build_action_service(deps))
    CommandListeners(surface, deps.digest).register(app)
    ActionListeners(surface).register(app)
    ViewListeners(surface).register(app)
    HomeListeners(surface, deps.home).register(app)
