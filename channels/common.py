"""Helpers the connectors share: reading settings, the "not configured" webhook, de-duplication."""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from typing import Iterable

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def read_env(names: Iterable[str]) -> dict[str, str]:
    """The named variables, stripped; unset and empty ones are left out."""
    values = {}
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            values[name] = value
    return values


def warn_about_file_credentials(channel: str, credentials: dict | None) -> None:
    """Settings in credentials.yml are ignored: secrets must not live in the repository."""
    if credentials:
        logger.warning(
            f"The {channel} channel reads only environment variables; ignoring the "
            f"keys {sorted(credentials)} given in credentials.yml."
        )


def not_configured_blueprint(name: str, channel: str, missing: list[str]) -> Blueprint:
    """The webhook of a channel without its settings: 503 and what is missing (names only)."""
    blueprint = Blueprint(name, __name__)
    body = f"The {channel} channel is not configured: set {', '.join(missing)}."

    @blueprint.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "not configured", "missing": missing}, status=503)

    @blueprint.route("/webhook", methods=["GET", "POST"])
    async def webhook(_: Request) -> HTTPResponse:
        return response.text(body, status=503)

    return blueprint


class SeenIds:
    """The last `size` ids seen, to answer a redelivered event or update only once."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, key: str) -> bool:
        """True the first time `key` is offered (and remembers it), False after."""
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        self._ids[key] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
