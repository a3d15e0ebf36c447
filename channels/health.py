"""GET /health: whether the server can keep conversations (tracker store reachable).

Rasa's own GET / answers "Hello from Rasa" even when its database is gone and
conversations are being lost. This answers 200 when the tracker store
answers a trivial query, and 503 with the reason when it does not, so a load
balancer or an operator sees it. Registered as a channel in credentials.yml
because channels are how Rasa 3.6 lets a project add routes.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from stores.conversation_store import ping
from stores.health import TRACKER_STORE_HEALTH

logger = logging.getLogger(__name__)
PING_TIMEOUT_SECONDS = 5.0


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    def url_prefix(self) -> str:
        # Joined onto "/webhooks/" by Rasa: an absolute path puts the route at /health.
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        health = Blueprint("second_opinion_health", __name__)

        @health.route("/health", methods=["GET"])
        async def check(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"status": "starting", "tracker_store": "unknown"}, status=503)
            try:
                await asyncio.wait_for(
                    asyncio.to_thread(ping, agent.tracker_store), PING_TIMEOUT_SECONDS
                )
            except Exception as error:  # noqa: BLE001 - any failure means unhealthy
                TRACKER_STORE_HEALTH.failed(error)
                logger.error(
                    "Health check: the tracker store does not answer (%s).", type(error).__name__
                )
            else:
                TRACKER_STORE_HEALTH.ok()
            body = {
                "status": "ok" if TRACKER_STORE_HEALTH.healthy else "unavailable",
                **TRACKER_STORE_HEALTH.as_dict(),
            }
            if not TRACKER_STORE_HEALTH.healthy:
                body["detail"] = (
                    "The conversation store (tracker store) does not answer: conversations "
                    "cannot be loaded or saved. Users get an apology until it is back."
                )
            return response.json(body, status=200 if TRACKER_STORE_HEALTH.healthy else 503)

        return health
