"""A local stand-in for the Telegram Bot API, for tests.

It speaks the Bot API's protocol (POST /bot<token>/<method> with form or JSON
parameters; answers {"ok": true, "result": ...} or {"ok": false, "error_code",
"description"} with the HTTP status Telegram uses), and checks what Telegram
checks in sendMessage: the text is 1-4096 characters after entity parsing,
HTML parse mode is well-formed (only Telegram's tags, every <, > and &
escaped), and inline buttons carry 1-64 bytes of callback_data; sendDocument
takes the file as multipart/form-data (a "document" part with a filename, at
most 50 MB; a caption of at most 1024 characters). It records every call
(an uploaded file as {"filename", "content_type", "body"}), and `refuse`
makes a method answer an error, to test what the bot does then. Runs in a
background thread so that servers in other processes can reach it.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from typing import Any, Dict, List, Tuple

from aiohttp import web

from tests.fakes.threaded_server import ThreadedAiohttpServer

TOKEN = "123456:TEST-TOKEN"
BOT_USERNAME = "SecondOpinionTestBot"
_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "span",
    "tg-spoiler",
    "blockquote",
}
_MARKUP = re.compile(
    r"<(/?)([a-zA-Z-]+)((?:\s+[a-zA-Z-]+=\"[^\"<>]*\")*)\s*>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);"
)


def parse_html(text: str) -> str:
    """The visible text of a Telegram HTML message; ValueError where Telegram can't parse it."""
    visible, open_tags, position = [], [], 0
    for match in _MARKUP.finditer(text):
        plain = text[position : match.start()]
        if any(c in plain for c in "<>&"):
            offset = position + min(plain.find(c) for c in "<>&" if c in plain)
            raise ValueError(f"unescaped character at byte offset {offset}")
        visible.append(plain)
        position = match.end()
        if match.group(2) is None:  # an entity
            visible.append(html.unescape(match.group(0)))
            continue
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag not in _TAGS:
            raise ValueError(f'unsupported start tag "{tag}"')
        if closing:
            if not open_tags or open_tags.pop() != tag:
                raise ValueError(f'unmatched end tag "{tag}"')
        else:
            open_tags.append(tag)
    rest = text[position:]
    if any(c in rest for c in "<>&"):
        raise ValueError("unescaped character near the end")
    if open_tags:
        raise ValueError(f'can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    visible.append(rest)
    return "".join(visible)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeTelegramApi(ThreadedAiohttpServer):
    def __init__(
        self,
        token: str = TOKEN,
        secret_token: str = "test-telegram-secret",
        webhook_url: str = "https://second-opinion.example/webhooks/telegram/webhook",
    ):
        self.token = token
        self.secret_token = secret_token
        self.webhook_url = webhook_url
        self.calls: List[
            Dict
        ] = []  # {"method", "token", "params", "status", "answer"}; refused calls too
        self._changed = threading.Condition()
        self._next_message_id = 1
        self._refusals: Dict[str, Tuple[int, str]] = {}

    def refuse(self, method: str, status: int = 500, description: str = "Internal Server Error"):
        """Answer every later call of `method` with this error (as Telegram does when it fails)."""
        self._refusals[method] = (status, description)

    def allow(self, method: str) -> None:
        """Undo `refuse`."""
        self._refusals.pop(method, None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> Dict[str, str]:
        """What a Rasa server needs to use this fake as its Telegram."""
        return {
            "TELEGRAM_TOKEN": self.token,
            "TELEGRAM_BOT_NAME": BOT_USERNAME,
            "TELEGRAM_WEBHOOK_URL": self.webhook_url,
            "TELEGRAM_SECRET_TOKEN": self.secret_token,
            "TELEGRAM_API_URL": self.url,
        }

    def calls_of(self, method: str, accepted_only: bool = True) -> List[dict]:
        with self._changed:
            return [
                c["params"]
                for c in self.calls
                if c["method"] == method and (c["status"] == 200 or not accepted_only)
            ]

    def refused(self) -> List[dict]:
        """Calls this fake answered with an error, as Telegram would have."""
        with self._changed:
            return [c for c in self.calls if c["status"] != 200]

    def sent(self, chat_id) -> List[dict]:
        """The accepted sendMessage parameters for `chat_id`, in order (reply_markup parsed)."""
        return [p for p in self.calls_of("sendMessage") if str(p.get("chat_id")) == str(chat_id)]

    def documents(self, chat_id) -> List[dict]:
        """The accepted sendDocument parameters for `chat_id`, in order ("document" is the file)."""
        return [p for p in self.calls_of("sendDocument") if str(p.get("chat_id")) == str(chat_id)]

    def wait_for_messages(
        self, chat_id, count: int = 1, seconds: float = 60, quiet: float = 2.0
    ) -> List[dict]:
        """Wait for at least `count` messages to `chat_id`, then for `quiet` seconds without one."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while len(self.sent(chat_id)) < count and time.monotonic() < deadline:
                self._changed.wait(0.2)
            seen, last_change = len(self.sent(chat_id)), time.monotonic()
            while time.monotonic() < deadline and time.monotonic() - last_change < quiet:
                self._changed.wait(0.2)
                if len(self.sent(chat_id)) != seen:
                    seen, last_change = len(self.sent(chat_id)), time.monotonic()
            return self.sent(chat_id)

    @staticmethod
    def _error(status: int, description: str) -> web.Response:
        return web.json_response(
            {"ok": False, "error_code": status, "description": description}, status=status
        )

    def _message(self, chat_id: Any, **content: Any) -> web.Response:
        message_id, self._next_message_id = self._next_message_id, self._next_message_id + 1
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": int(chat_id), "type": "private"},
                    "from": {
                        "id": int(self.token.split(":")[0]),
                        "is_bot": True,
                        "first_name": "Guide",
                        "username": BOT_USERNAME,
                    },
                    **content,
                },
            }
        )

    def _send_document(self, params: dict) -> web.Response:
        if not params.get("chat_id"):
            return self._error(400, "Bad Request: chat_id is empty")
        document = params.get("document")
        if not isinstance(document, dict):
            return self._error(400, "Bad Request: there is no document in the request")
        if not document["filename"]:
            return self._error(400, "Bad Request: file must be non-empty")
        if not 0 < len(document["body"]) <= 50 * 1024 * 1024:
            return self._error(413, "Request Entity Too Large")
        if utf16_length(params.get("caption") or "") > 1024:
            return self._error(400, "Bad Request: message caption is too long")
        file_id = f"BQAC{self._next_message_id:08d}"
        return self._message(
            params["chat_id"],
            caption=params.get("caption") or "",
            document={
                "file_id": file_id,
                "file_unique_id": file_id[-8:],
                "file_name": document["filename"],
                "mime_type": "application/pdf"
                if document["filename"].lower().endswith(".pdf")
                else "application/octet-stream",
                "file_size": len(document["body"]),
            },
        )

    def _send_message(self, params: dict) -> web.Response:
        if not params.get("chat_id"):
            return self._error(400, "Bad Request: chat_id is empty")
        text = params.get("text") or ""
        if params.get("parse_mode") == "HTML":
            try:
                text = parse_html(text)
            except ValueError as error:
                return self._error(400, f"Bad Request: can't parse entities: {error}")
        elif params.get("parse_mode"):
            return self._error(400, "Bad Request: unsupported parse_mode in this fake")
        if not text.strip():
            return self._error(400, "Bad Request: message text is empty")
        if utf16_length(text) > 4096:
            return self._error(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        if markup is not None:
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if not button.get("text"):
                        return self._error(
                            400, "Bad Request: text buttons are unallowed in the inline keyboard"
                        )
                    if not 1 <= len(button.get("callback_data", "").encode("utf-8")) <= 64:
                        return self._error(400, "Bad Request: BUTTON_DATA_INVALID")
        return self._message(params["chat_id"], text=text)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = {}
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):  # a multipart file part
                    value = {
                        "filename": value.filename,
                        "content_type": value.content_type,
                        "body": value.file.read(),
                    }
                params[key] = value
        for key in ("reply_markup", "allowed_updates"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        token = request.match_info["token"]
        answer = self._answer(method, token, params)
        with self._changed:
            self.calls.append(
                {
                    "method": method,
                    "token": token,
                    "params": params,
                    "status": answer.status,
                    "answer": json.loads(answer.text),
                }
            )
            self._changed.notify_all()
        return answer

    def _answer(self, method: str, token: str, params: dict) -> web.Response:
        if token != self.token:
            return self._error(401, "Unauthorized")
        if method in self._refusals:
            return self._error(*self._refusals[method])
        if method == "getMe":
            return web.json_response(
                {
                    "ok": True,
                    "result": {
                        "id": int(self.token.split(":")[0]),
                        "is_bot": True,
                        "first_name": "Guide",
                        "username": BOT_USERNAME,
                    },
                }
            )
        if method == "setWebhook":
            if not params.get("url"):
                return self._error(400, "Bad Request: bad webhook: URL is empty")
            return web.json_response({"ok": True, "result": True, "description": "Webhook was set"})
        if method in ("answerCallbackQuery", "deleteWebhook"):
            return web.json_response({"ok": True, "result": True})
        if method == "sendMessage":
            return self._send_message(params)
        if method == "sendDocument":
            return self._send_document(params)
        return self._error(404, "Not Found")

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
