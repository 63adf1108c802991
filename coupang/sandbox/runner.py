"""In-process runner: serve a SandboxState over HTTP for the length of an `async with`."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from coupang.sandbox.server import build_app
from coupang.sandbox.state import SandboxState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningSandbox:
    state: SandboxState
    host: str
    port: int

    @property
    def base_url(self) -> str:
        """Return the URL to use in place of `https://api-gateway.coupang.com`."""
        return f"http://{self.host}:{self.port}"


@asynccontextmanager
async def run_sandbox(
    state: SandboxState | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[RunningSandbox]:
    """Serve `state` (a default one when None) on host:port, where port 0 picks a free port."""
    sandbox_state = state if state is not None else SandboxState()
    runner = web.AppRunner(build_app(sandbox_state), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_port = _bound_port(runner)
        log.info("Coupang sandbox started on %s:%d", host, bound_port)
        yield RunningSandbox(sandbox_state, host, bound_port)
    finally:
        await runner.cleanup()
        log.info("Coupang sandbox stopped")


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    raise RuntimeError("the sandbox server is not bound to a TCP port")
