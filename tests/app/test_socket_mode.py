"""The service in Socket Mode: connects, reports readiness, acks a slash command, closes.

A small test server replaces Slack's Socket Mode side. It responds to
`apps.connections.open` with a WebSocket URL on itself, sends envelopes over that socket
and records the acks. Every other Web API call is forwarded to the Slack stand-in.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.deps import open_deps
from bot.local_env import LocalEnvironment
from bot.service import BotService
from bot.settings import SlackMode, load_settings
from tests.app.helpers import NO_RETRY, TEST_POSTS_PER_SECOND

APP_TOKEN = "xapp-1-stand-in-app-token"


@dataclass
class SocketModeServer:
    """The test server's state: the open socket and the acks the bot sent back."""

    stub_api_url: str
    base_url: str = ""
    socket: web.WebSocketResponse | None = None
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    acks: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        assert self.socket is not None
        await self.socket.send_str(json.dumps(envelope))


@pytest.fixture
async def socket_server(local_env: LocalEnvironment) -> AsyncIterator[SocketModeServer]:
    server = SocketModeServer(stub_api_url=local_env.slack.api_url)

    async def connections_open(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "url": f"ws{server.base_url[4:]}/link"})

    async def link(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        server.socket = socket
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        server.connected.set()
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                await server.acks.put(json.loads(message.data))
        return socket

    async def forward(request: web.Request) -> web.Response:
        url = server.stub_api_url + request.match_info["method"]
        async with aiohttp.ClientSession() as session:
            async with session.request(
                request.method, url, data=await request.read(), headers=request.headers
            ) as response:
                return web.Response(
                    status=response.status,
                    body=await response.read(),
                    content_type=response.content_type,
                )

    app = web.Application()
    app.router.add_post("/api/apps.connections.open", connections_open)
    app.router.add_get("/link", link)
    app.router.add_route("*", "/api/{method}", forward)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server.base_url = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()


async def test_socket_mode_acks_slash_command(
    local_env: LocalEnvironment, socket_server: SocketModeServer
) -> None:
    environ = {
        **local_env.environ,
        "CS_BOT_SLACK_MODE": "socket",
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": socket_server.base_url + "/api/",
    }
    settings = load_settings(environ)
    async with open_deps(
        settings,
        clock=local_env.sandbox.state.clock.now,
        coupang_retry_policy=NO_RETRY,
        channel_interval=1 / TEST_POSTS_PER_SECOND,
    ) as deps:
        service = BotService(
            deps, mode=SlackMode.SOCKET, host="127.0.0.1", port=0, start_scheduler=False
        )
        await service.start()
        try:
            async with asyncio.timeout(10):
                await socket_server.connected.wait()
            readiness = await deps.health.readiness()
            await socket_server.send_envelope(
                {
                    "envelope_id": "envelope-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "team_id": "T0CSBOT01",
                        "channel_id": local_env.channel_ids["inquiries"],
                        "user_id": "U0AGENT01",
                        "command": "/cs",
                        "text": "help",
                        "api_app_id": "A0CSBOT01",
                        "trigger_id": "",
                        "response_url": "",
                    },
                }
            )
            async with asyncio.timeout(10):
                ack = await socket_server.acks.get()
        finally:
            await service.stop(grace_seconds=5)
        readiness_after_stop = await deps.health.readiness()

    assert readiness["socket_mode"] is True
    assert readiness["ready"] is True
    assert ack["envelope_id"] == "envelope-1"
    assert "/cs help" in json.dumps(ack["payload"], ensure_ascii=False)
    assert readiness_after_stop["socket_mode"] is False
    assert readiness_after_stop["ready"] is False
