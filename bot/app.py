"""The Bolt app and the aiohttp application that serves it next to the health endpoints."""

import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

import handlers
from bot.bolt_logging import install_signature_failure_filter
from bot.deps import Deps
from bot.health import add_health_routes
from bot.settings import Settings
from bot.slack_request_check import reject_malformed_request

log = logging.getLogger(__name__)

SLACK_EVENTS_PATH = "/slack/events"

# Slack request bodies are small: a view submission with a reply is a few kB. The limit
# only stops a client from making the server buffer megabytes.
MAX_REQUEST_BYTES = 256 * 1024


def build_app(settings: Settings, deps: Deps) -> AsyncApp:
    """Build the Bolt app on `deps.slack` (whose `base_url` honours `SLACK_API_URL`).

    The signing secret is checked by Bolt on every HTTP request. In Socket Mode Bolt skips
    the check, so the secret may be empty there.
    """
    signing_secret = settings.slack.signing_secret
    # Bolt logs the whole body of a request whose signature fails; keep it out of the log.
    install_signature_failure_filter()
    app = AsyncApp(
        client=deps.slack,
        signing_secret=signing_secret.get_secret_value() if signing_secret else "",
        logger=logging.getLogger("slack_bolt.App"),
    )
    app.error(_handle_listener_error)
    handlers.register(app, deps)
    return app


async def _handle_listener_error(error: Exception, body: dict[str, Any]) -> None:
    # Only the class and routing ids: the body may carry customer text from a view.
    log.error(
        "slack.listener.failed",
        extra={"error": type(error).__name__, "slack_type": body.get("type")},
    )


def build_web_app(app: AsyncApp, deps: Deps, *, serve_slack_events: bool) -> web.Application:
    """Build the aiohttp application with the health routes and, in HTTP mode, `/slack/events`."""
    web_app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    add_health_routes(web_app, deps.health, deps.metrics)
    if serve_slack_events:
        signing_secret = deps.settings.slack.signing_secret
        secret = signing_secret.get_secret_value() if signing_secret else ""

        async def slack_events(request: web.Request) -> web.Response:
            rejection = await reject_malformed_request(request, secret)
            if rejection is not None:
                return rejection
            bolt_response = await app.async_dispatch(await to_bolt_request(request))
            return await to_aiohttp_response(bolt_response)

        web_app.router.add_post(SLACK_EVENTS_PATH, slack_events)
    return web_app
