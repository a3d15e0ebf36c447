"""A pass-through in front of the real action server that can be made slow.

The Rasa server under test calls the action server through it; a test sets
`delay` to make the action server slow without touching the action server,
and `calls` counts the calls that arrived.
"""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web

from tests.fakes.threaded_server import ThreadedAiohttpServer


class ActionServerProxy(ThreadedAiohttpServer):
    def __init__(self, target_port: int):
        self.target = f"http://127.0.0.1:{target_port}"
        self.delay = 0.0
        self.calls = 0

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{path:.*}", self.forward)

    async def forward(self, request: web.Request) -> web.Response:
        self.calls += 1
        # Held while `delay` says so: setting it back to 0 lets waiting calls through.
        arrived = asyncio.get_running_loop().time()
        while asyncio.get_running_loop().time() - arrived < self.delay:
            await asyncio.sleep(0.05)
        async with aiohttp.ClientSession() as session:
            async with session.request(
                request.method,
                f"{self.target}{request.rel_url}",
                data=await request.read(),
                headers={"Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=60),
            ) as answer:
                return web.Response(
                    status=answer.status, body=await answer.read(), content_type=answer.content_type
                )
