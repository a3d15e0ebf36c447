"""Download links for the printable documents: encrypted, expiring tokens.

A link names the conversation, the document kind and the conversation's
document key (a random value kept in the `document_key` slot), and when it
expires. All of it is encrypted and authenticated with Fernet (AES-128-CBC
and HMAC-SHA256, from the `cryptography` package) under a key derived from
DOCUMENTS_SECRET: the link shows nothing (the conversation id is a bearer
credential on socket.io, so it must not be readable from a link someone
forwards), and it cannot be forged or altered. Fernet's random IV makes every
link different and unguessable.

Checking a link needs only the secret (any replica can), then the
conversation in the tracker store: once "delete my data" has removed it, or
the document key is gone, the link is dead even before it expires.

The action server makes links and the Rasa server checks them, so both read
the same DOCUMENTS_SECRET. Without it documents are off (both say so); a
secret that is set but too short stops the process that reads it.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass
from typing import Mapping, Optional

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_VARIABLE = "DOCUMENTS_SECRET"
BASE_URL_VARIABLE = "DOCUMENTS_BASE_URL"
TTL_VARIABLE = "DOCUMENT_LINK_MINUTES"
DEFAULT_BASE_URL = "http://127.0.0.1:5005"
DEFAULT_TTL_MINUTES = 30
MIN_SECRET_LENGTH = 32
# Where the Rasa server serves documents (channels/documents.py).
ROUTE_PREFIX = "/documents/"
_VERSION = 1


class DocumentsMisconfigured(RuntimeError):
    """DOCUMENTS_SECRET or another documents setting is set but unusable."""


class InvalidLink(ValueError):
    """Not a link this service made with its secret (forged, altered, cut short)."""


class ExpiredLink(ValueError):
    """A genuine link whose time is up."""


@dataclass(frozen=True)
class LinkSettings:
    """What making and checking links needs, read from the environment."""

    secret: str
    base_url: str = DEFAULT_BASE_URL
    ttl_seconds: int = DEFAULT_TTL_MINUTES * 60


@dataclass(frozen=True)
class LinkClaims:
    """What a valid link says: whose document, which one, and until when."""

    conversation_id: str
    kind: str
    document_key: str
    expires_at: int


def settings_from_env(env: Optional[Mapping[str, str]] = None) -> Optional[LinkSettings]:
    """The link settings, or None when DOCUMENTS_SECRET is unset (documents are off).

    Raises:
        DocumentsMisconfigured: the secret is shorter than 32 characters, or
            DOCUMENT_LINK_MINUTES is not a whole number from 1 to 1440.
    """
    env = os.environ if env is None else env
    secret = (env.get(SECRET_VARIABLE) or "").strip()
    if not secret:
        return None
    if len(secret) < MIN_SECRET_LENGTH:
        raise DocumentsMisconfigured(
            f"{SECRET_VARIABLE} is set but shorter than {MIN_SECRET_LENGTH} characters. Use a "
            'random value, e.g. python3 -c "import secrets; print(secrets.token_urlsafe(32))", '
            "the same on the action server and every Rasa server."
        )
    minutes_text = (env.get(TTL_VARIABLE) or str(DEFAULT_TTL_MINUTES)).strip()
    if not minutes_text.isdigit() or not 1 <= int(minutes_text) <= 1440:
        raise DocumentsMisconfigured(f"{TTL_VARIABLE} must be a whole number of minutes, 1-1440.")
    base_url = (env.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL).strip().rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise DocumentsMisconfigured(f"{BASE_URL_VARIABLE} must start with http:// or https://.")
    return LinkSettings(secret=secret, base_url=base_url, ttl_seconds=int(minutes_text) * 60)


def _fernet(secret: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"second-opinion document links v1"
    ).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def new_document_key() -> str:
    """A fresh random key for a conversation's links (kept in the `document_key` slot)."""
    return secrets.token_urlsafe(16)


def make_token(
    settings: LinkSettings,
    conversation_id: str,
    kind: str,
    document_key: str,
    now: Optional[float] = None,
) -> str:
    """An encrypted token for one document of one conversation, valid for the settings' TTL."""
    issued = int(time.time() if now is None else now)
    claims = {
        "v": _VERSION,
        "c": conversation_id,
        "k": kind,
        "d": document_key,
        "e": issued + settings.ttl_seconds,
    }
    payload = json.dumps(claims, separators=(",", ":")).encode("utf-8")
    return _fernet(settings.secret).encrypt_at_time(payload, issued).decode("ascii")


def read_token(settings: LinkSettings, token: str, now: Optional[float] = None) -> LinkClaims:
    """The claims of a token this service made.

    Raises:
        InvalidLink: the token was not made with this secret, or was altered.
        ExpiredLink: the token is genuine but expired.
    """
    if not token or len(token) > 1000:
        raise InvalidLink("no token, or too long")
    try:
        payload = _fernet(settings.secret).decrypt(token.encode("ascii"))
        claims = json.loads(payload)
        parsed = LinkClaims(
            conversation_id=str(claims["c"]),
            kind=str(claims["k"]),
            document_key=str(claims["d"]),
            expires_at=int(claims["e"]),
        )
    except (InvalidToken, UnicodeEncodeError, ValueError, KeyError, TypeError) as error:
        raise InvalidLink(type(error).__name__) from error
    if claims.get("v") != _VERSION:
        raise InvalidLink("unknown version")
    if (time.time() if now is None else now) >= parsed.expires_at:
        raise ExpiredLink("expired")
    return parsed


def link_url(settings: LinkSettings, token: str) -> str:
    """The full download address for a token."""
    return settings.base_url + ROUTE_PREFIX + token
