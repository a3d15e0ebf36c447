"""Printable documents sent as files, for the channels that can (Slack, Telegram).

The action server sends the download link as text, with the link's token in
a custom payload ({"document": {"token", "caption"}}, actions/document_actions.py).
A file channel's output does not send that message at once: Rasa sends a
turn's messages before it saves the conversation, and the document is made
from the saved slots. It keeps the message, and once the turn is saved the
channel calls `send_documents`: the PDF is made as GET /documents/<token>
makes it (channels/documents.py) and uploaded; if it cannot be made or the
upload fails, the link text is sent instead, so the message is never lost.
Logs carry the document kind and the error's type, never the caption, token
or the user's details.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional

from actions.logic import document_links
from channels.documents import make_document

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentMessage:
    """A bot message that offers a document: the link's token, a caption, and the link text."""

    token: str
    caption: str
    link_text: str


def document_message(message: Dict[str, Any]) -> Optional[DocumentMessage]:
    """The document a bot message offers (Rasa's message dict), or None for any other message."""
    custom = message.get("custom")
    document = custom.get("document") if isinstance(custom, dict) else None
    if not isinstance(document, dict) or not isinstance(document.get("token"), str):
        return None
    text = message.get("text")
    link_text = text if isinstance(text, str) else ""
    caption = document.get("caption")
    return DocumentMessage(
        token=document["token"],
        caption=caption if isinstance(caption, str) else "",
        link_text=link_text,
    )


def _link_settings() -> Optional[document_links.LinkSettings]:
    try:
        return document_links.settings_from_env()
    except document_links.DocumentsMisconfigured:
        return None  # the documents route stopped the server at start already


Upload = Callable[[DocumentMessage, str, bytes], Awaitable[None]]
SendText = Callable[[str], Awaitable[None]]


async def send_documents(
    agent: Any, pending: List[DocumentMessage], upload: Upload, send_text: SendText
) -> None:
    """Upload each pending document as a PDF file; send its link text when that fails.

    Args:
        agent: Rasa's agent, whose tracker store holds the saved conversation.
        pending: the document messages of the turn, in order; emptied here.
        upload: sends (document, filename, PDF bytes); raises on any failure.
        send_text: sends a text message to the same conversation.
    """
    documents, pending[:] = list(pending), []
    for document in documents:
        made = await make_document(agent, _link_settings(), document.token)
        if made.outcome == "ok" and made.kind is not None and made.body is not None:
            try:
                await upload(document, made.kind.filename, made.body)
            except Exception as error:  # noqa: BLE001 - any failure: the link instead
                logger.warning(
                    "Uploading a %s document failed (%s); the link is sent instead.",
                    made.kind.name,
                    type(error).__name__,
                )
            else:
                logger.info("Uploaded a %s document as a file.", made.kind.name)
                continue
        if document.link_text:
            await send_text(document.link_text)
