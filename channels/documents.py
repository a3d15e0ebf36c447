"""GET /documents/<token>: a printable document, made from the conversation when opened.

The token (actions/logic/document_links.py) is checked first, with the secret
alone; then the conversation is read from the tracker store and the PDF is
built from its slots (actions/logic/documents.py, documents/pdf.py) and sent.
Nothing is stored or cached, and any replica can answer. Registered as a
channel in credentials.yml because channels are how Rasa 3.6 lets a project
add routes (like channels/health.py).

Every failure is a short page that says what to do, never a 500 from bad
input: a link that is not genuine (404), one that expired or whose
conversation was deleted ("delete my data") or whose document key was
replaced (410), documents not switched on or the store down (503). Logs carry
the outcome and the document kind only: no token, conversation id, name or
date of birth.

Without DOCUMENTS_SECRET the route says documents are off, and the server
logs a warning at start; a secret that is set but too short stops the server.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass
from html import escape
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.logic import document_links, documents
from actions.logic.document_links import ExpiredLink, InvalidLink, LinkSettings

logger = logging.getLogger(__name__)

_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}
_PAGE_HEADERS = {
    **_SECURITY_HEADERS,
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}

PAGES: Dict[str, tuple] = {
    "invalid": (
        404,
        "This link doesn't work",
        "This download link is not complete or not valid. Copy the whole link, or go back to "
        "the chat and ask for the document again.",
    ),
    "expired": (
        410,
        "This link has expired",
        "Download links work for a short time, to keep your details safe. Go back to the chat "
        "and press the document's button again for a new link.",
    ),
    "gone": (
        410,
        "This document is no longer available",
        'The conversation it came from was deleted (for example with "delete my data"), so '
        "its details are gone. Start a new chat to make a new one.",
    ),
    "off": (
        503,
        "Printable documents are not switched on",
        "This chat service has not set up printable documents. The chat still has all the "
        "information.",
    ),
    "unavailable": (
        503,
        "Please try again in a few minutes",
        "The service can't read the conversation right now. Please try again in a few minutes.",
    ),
    "failed": (
        500,
        "Sorry, the document could not be made",
        "Something went wrong on our side while making the document. Please try again later; "
        "the chat still has all the information.",
    ),
}


def page(outcome: str) -> HTTPResponse:
    """A small, self-contained HTML page for an outcome other than the document."""
    status, title, body = PAGES[outcome]
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head>"
        '<body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; '
        'padding: 0 1em; line-height: 1.5; color: #1d1d1b">'
        f"<h1>{escape(title)}</h1><p>{escape(body)}</p>"
        "<p>In an emergency, call 911. In a crisis, call or text 988.</p></body></html>"
    )
    return response.html(html, status=status, headers=_PAGE_HEADERS)


def build_pdf(kind: str, slots: Dict[str, Any]) -> bytes:
    """The PDF of one document from a conversation's slots (also for channels that upload files)."""
    from documents import pdf

    return pdf.render(documents.build(kind, slots))


def slots_of(tracker: Any) -> Dict[str, Any]:
    return {name: tracker.get_slot(name) for name in documents.SLOTS_READ}


class DocumentsInput(InputChannel):
    """Adds GET /documents/<token> to the Rasa server."""

    def __init__(self, settings: Optional[LinkSettings]) -> None:
        self.settings = settings

    @classmethod
    def name(cls) -> str:
        return "documents"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> DocumentsInput:
        # A short secret raises DocumentsMisconfigured here: the server does not start.
        settings = document_links.settings_from_env()
        if settings is None:
            logger.warning(
                "Printable documents are OFF: %s is not set. Set the same random value (32 "
                "characters or more) for the Rasa servers and the action server to turn them on.",
                document_links.SECRET_VARIABLE,
            )
        return cls(settings)

    def url_prefix(self) -> str:
        # Joined onto "/webhooks/" by Rasa: an absolute path puts the route at /documents/.
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        documents_blueprint = Blueprint("second_opinion_documents", __name__)

        @documents_blueprint.route(document_links.ROUTE_PREFIX + "<token:str>", methods=["GET"])
        async def download(request: Request, token: str) -> HTTPResponse:
            return await self.serve(request, token)

        return documents_blueprint

    async def serve(self, request: Request, token: str) -> HTTPResponse:
        made = await make_document(getattr(request.app.ctx, "agent", None), self.settings, token)
        if made.body is None or made.kind is None:
            return page(made.outcome)
        headers = {
            **_SECURITY_HEADERS,
            "Content-Disposition": f'inline; filename="{made.kind.filename}"',
        }
        return response.raw(made.body, content_type="application/pdf", headers=headers)


@dataclass(frozen=True)
class MadeDocument:
    """The outcome of a link: "ok" with the kind and the PDF, or why not (a key of PAGES)."""

    outcome: str
    kind: Optional[documents.DocumentKind] = None
    body: Optional[bytes] = None


async def make_document(agent: Any, settings: Optional[LinkSettings], token: str) -> MadeDocument:
    """Check a link's token, read its conversation and make the PDF.

    For the route above, and for channels that send the file itself (Slack,
    Telegram): they hold the agent and get the token from the action's message.
    """
    if settings is None:
        return MadeDocument("off")
    try:
        claims = document_links.read_token(settings, token)
    except ExpiredLink:
        logger.info("Document link refused: expired.")
        return MadeDocument("expired")
    except InvalidLink:
        logger.info("Document link refused: not valid.")
        return MadeDocument("invalid")
    kind = documents.kind_of(claims.kind)
    if kind is None:
        return MadeDocument("invalid")
    if agent is None or agent.tracker_store is None:
        return MadeDocument("unavailable")
    try:
        tracker = await agent.tracker_store.retrieve(claims.conversation_id)
    except Exception as error:  # noqa: BLE001 - the store is down: say so, no 500
        logger.error("Document not made: the tracker store failed (%s).", type(error).__name__)
        return MadeDocument("unavailable")
    key = tracker.get_slot("document_key") if tracker is not None else None
    if not isinstance(key, str) or not hmac.compare_digest(key, claims.document_key):
        logger.info("Document link refused: the conversation or its key is gone.")
        return MadeDocument("gone")
    try:
        body = await asyncio.to_thread(build_pdf, kind.name, slots_of(tracker))
    except Exception as error:  # noqa: BLE001 - a page, and the type only in the log
        logger.error("Making a %s document failed (%s).", kind.name, type(error).__name__)
        return MadeDocument("failed")
    logger.info("Made a %s document (%d bytes).", kind.name, len(body))
    return MadeDocument("ok", kind, body)
