"""A pass-through in front of the real action server that can be made slow.

The Rasa server under test calls the action server through it; a test sets
`delay` to make the action server slow without touching the action server.
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
        if self.delay:
            await asyncio.sleep(self.delay)
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
