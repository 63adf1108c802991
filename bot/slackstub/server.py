"""The aiohttp server that responds to Web API calls as Slack does, and `run_slack_stub`."""

import ipaddress
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from slack_sdk.signature import Clock

from bot.slackstub import methods_chat, methods_directory, methods_files, methods_views
from bot.slackstub.errors import ApiError
from bot.slackstub.methods_common import MethodHandler
from bot.slackstub.stub import DEFAULT_BOT_TOKEN, RecordedCall, SlackStub

log = logging.getLogger(__name__)

STUB_KEY = web.AppKey("slack_stub", SlackStub)
UPLOAD_METHOD = "upload"
METHODS: dict[str, MethodHandler] = {
    **methods_chat.METHODS,
    **methods_directory.METHODS,
    **methods_files.METHODS,
    **methods_views.METHODS,
}


def build_stub_app(stub: SlackStub) -> web.Application:
    """Build the aiohttp application that serves `/api/<method>` and the file upload URLs."""
    app = web.Application()
    app[STUB_KEY] = stub
    app.router.add_route("*", "/api/{method}", _handle_api_call)
    app.router.add_post(methods_files.UPLOAD_PATH_PREFIX + "{file_id}", _handle_upload)
    return app


@asynccontextmanager
async def run_slack_stub(
    *,
    token: str = DEFAULT_BOT_TOKEN,
    clock: Clock | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    post_rate_per_second: float = 1.0,
    post_burst: int = 3,
) -> AsyncIterator[SlackStub]:
    """Run the stand-in on a loopback address until the block exits; port 0 picks a free port."""
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the Slack stand-in listens on loopback only, not on {host}")
    stub = SlackStub(
        token=token,
        clock=clock,
        post_rate_per_second=post_rate_per_second,
        post_burst=post_burst,
    )
    runner = web.AppRunner(build_stub_app(stub), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        url_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        stub.base_url = f"http://{url_host}:{bound_port}"
        log.info("Slack stand-in started at %s", stub.api_url)
        yield stub
    finally:
        await runner.cleanup()
        log.info("Slack stand-in stopped")


async def _handle_api_call(request: web.Request) -> web.Response:
    stub = request.app[STUB_KEY]
    method = request.match_info["method"]
    try:
        args, token = await _read_arguments(request)
    except ApiError as exc:
        log.debug("Slack stand-in rejected a %s call: %s", method, exc.error)
        stub.recorded.append(RecordedCall(method, {}, exc.status, False, exc.error))
        return _error_response(exc)
    try:
        _check_token(stub, token)
        fault = stub.faults.take(method)
        if fault is not None:
            raise ApiError(
                fault.error, "injected fault", status=fault.status, retry_after=fault.retry_after
            )
        handler = METHODS.get(method)
        if handler is None:
            raise ApiError("unknown_method", f"the stand-in does not implement {method}")
        result = handler(stub, args)
    except ApiError as exc:
        # Only the method and Slack's error code are logged, never arguments or tokens.
        log.debug("Slack stand-in returned %s for %s (HTTP %d)", exc.error, method, exc.status)
        stub.recorded.append(RecordedCall(method, args, exc.status, False, exc.error))
        return _error_response(exc)
    stub.recorded.append(RecordedCall(method, args, 200, True, None))
    return web.json_response({"ok": True, **result})


async def _handle_upload(request: web.Request) -> web.Response:
    stub = request.app[STUB_KEY]
    file_id = request.match_info["file_id"]
    content = await request.read()
    args = {"file_id": file_id, "length": len(content)}
    try:
        methods_files.receive_upload(stub, file_id, content)
    except ApiError as exc:
        stub.recorded.append(RecordedCall(UPLOAD_METHOD, args, exc.status, False, exc.error))
        return web.Response(status=exc.status, text=f"Error - {exc.error}")
    stub.recorded.append(RecordedCall(UPLOAD_METHOD, args, 200, True, None))
    return web.Response(text=f"OK - {len(content)}")


async def _read_arguments(request: web.Request) -> tuple[dict[str, Any], str | None]:
    """Merge query, form and JSON arguments as Slack does, and take out the token."""
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except json.JSONDecodeError as exc:
                raise ApiError("invalid_json", "the request body is not valid JSON") from exc
            if not isinstance(body, dict):
                raise ApiError("invalid_json", "the JSON body must be an object")
            args.update(body)
        else:
            form = await request.post()
            args.update({key: value for key, value in form.items() if isinstance(value, str)})

    token = args.pop("token", None)
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        token = authorization.removeprefix("Bearer ").strip()
    return args, token


def _check_token(stub: SlackStub, token: str | None) -> None:
    if not token:
        raise ApiError("not_authed", "no token in the Authorization header or the body")
    if token != stub.token:
        raise ApiError("invalid_auth", "the token is not this workspace's bot token")


def _error_response(exc: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error": exc.error}
    if exc.detail:
        body["response_metadata"] = {"messages": [exc.detail]}
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return web.json_response(body, status=exc.status, headers=headers)
