"""Helpers the Slack and Telegram connectors share: their settings and the "not configured" webhook.

Settings are read as Rasa's own connectors name them in credentials.yml, so a
Rasa user's file works; every setting can also come from an environment
variable, which wins. Secrets (tokens, signing secrets) are read only from the
environment: in credentials.yml they are ignored, with a warning that names
the key, never the value.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

TRUE_WORDS = {"true", "yes", "1", "on"}
FALSE_WORDS = {"false", "no", "0", "off", ""}


@dataclass(frozen=True)
class Setting:
    """One setting of a connector."""

    key: str  # its key in credentials.yml, as Rasa's connector names it
    env: str  # its environment variable
    secret: bool = False  # environment only


def read_settings(
    channel: str, credentials: Optional[Dict[str, Any]], settings: Iterable[Setting]
) -> Dict[str, Any]:
    """Each setting by key: its environment variable if set, else (not for secrets) credentials.yml.

    Unset and empty values are left out.
    """
    settings = list(settings)
    from_file = dict(credentials or {})
    known = {setting.key for setting in settings}
    ignored_secrets = sorted(s.key for s in settings if s.secret and s.key in from_file)
    if ignored_secrets:
        logger.warning(
            "The %s channel reads secrets only from environment variables; ignoring %s "
            "in credentials.yml.",
            channel,
            ", ".join(ignored_secrets),
        )
    unknown = sorted(key for key in from_file if key not in known)
    if unknown:
        logger.warning(
            "The %s channel does not know the credentials.yml keys %s; ignoring them.",
            channel,
            ", ".join(unknown),
        )
    values: Dict[str, Any] = {}
    for setting in settings:
        value: Any = os.environ.get(setting.env, "").strip()
        if not value and not setting.secret:
            value = from_file.get(setting.key)
            if isinstance(value, str):
                value = value.strip()
        if value not in (None, "", []):
            values[setting.key] = value
    return values


def as_bool(value: Any, name: str) -> bool:
    """true/false, yes/no, 1/0, on/off (any case), or a YAML boolean."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be true or false")


def as_list(value: Any) -> List[str]:
    """A YAML list, or a comma-separated string (from an environment variable)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part).strip() for part in value if str(part).strip()]


def not_configured_blueprint(name: str, channel: str, missing: List[str]) -> Blueprint:
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
