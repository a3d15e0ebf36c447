"""A local stand-in for the Slack Web API, for tests.

It speaks the Web API's protocol (POST /api/<method>, bot token in
`Authorization: Bearer ...`, JSON or form bodies or the query string, HTTP 200 answers with
{"ok": true, ...} or {"ok": false, "error": "..."}), checks what Slack checks
for chat.postMessage (token, channel, text or blocks, section text at most
3000 characters, at most 50 blocks, at most 25 elements in an actions block,
button titles at most 75 characters), and records every call.
File uploads follow Slack's external upload: files.getUploadURLExternal
(filename, length) answers an upload_url served by this fake and a file id;
the bytes are POSTed there (raw or as a multipart "file" part); then
files.completeUploadExternal (files=[{"id", "title"}] as JSON, channel_id,
optional initial_comment and thread_ts) shares them, and only files whose
bytes arrived, with the declared length, are accepted. `uploaded(channel)`
lists the shared files; `refuse` makes a method (or "upload", the upload URL)
fail, to test what the bot does then.
Runs in a background thread so that servers in other processes can reach it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from typing import Dict, List, Optional
from urllib.parse import urlencode

from aiohttp import web

from tests.fakes.threaded_server import ThreadedAiohttpServer

TOKEN = "test-slack-token"


def signed_headers(
    secret: str,
    body: bytes,
    timestamp: Optional[int] = None,
    content_type: str = "application/json",
) -> Dict[str, str]:
    """Headers Slack sends with a request: its v0 HMAC-SHA256 of "v0:<timestamp>:<body>"."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256
    ).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
    }


def message_event(
    text: str,
    channel: str,
    user: str = "U0TESTUSER",
    ts: Optional[str] = None,
    event_type: str = "message",
) -> bytes:
    """An Events API envelope for a direct message to the bot, as JSON bytes."""
    ts = ts or f"{time.time():.6f}"
    return json.dumps(
        {
            "token": "deprecated-verification-token",
            "team_id": "T0TEST",
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:12]}",
            "event_time": int(time.time()),
            "authorizations": [{"user_id": "U0BOT", "is_bot": True}],
            "event": {
                "type": event_type,
                "channel_type": "im",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": ts,
                "event_ts": ts,
            },
        }
    ).encode()


def button_click(payload: str, channel: str, user: str = "U0TESTUSER") -> bytes:
    """An interactivity request (block_actions, form-encoded): a click on a button `payload`."""
    body = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "trigger_id": f"trigger-{time.time_ns()}",
        "message": {"ts": f"{time.time():.6f}"},
        "actions": [
            {
                "type": "button",
                "action_id": "button_0",
                "value": payload,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(body)}).encode()


def _blocks_error(blocks: list) -> Optional[str]:
    if not isinstance(blocks, list) or len(blocks) > 50:
        return "invalid_blocks"
    for block in blocks:
        kind = block.get("type")
        if kind == "section":
            text = block.get("text") or {}
            if (
                text.get("type") not in ("mrkdwn", "plain_text")
                or not 0 < len(text.get("text", "")) <= 3000
            ):
                return "invalid_blocks"
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 0 < len(elements) <= 25:
                return "invalid_blocks"
            for element in elements:
                title = (element.get("text") or {}).get("text", "")
                if element.get("type") == "button" and not 0 < len(title) <= 75:
                    return "invalid_blocks"
        else:
            return "invalid_blocks"
    return None


class FakeSlackApi(ThreadedAiohttpServer):
    def __init__(self, token: str = TOKEN, signing_secret: str = "test-slack-signing-secret"):
        self.token = token
        self.signing_secret = signing_secret
        self.calls: List[Dict] = []  # {"method", "authorization", "body"}
        self._changed = threading.Condition()
        self._uploads: Dict[str, Dict] = {}  # file id -> {"filename", "length", "body"}
        self.files: List[Dict] = []  # shared: {"channel", "filename", "title", "body", ...}
        self._refusals: Dict[str, str] = {}

    def refuse(self, method: str, error: str = "internal_error") -> None:
        """Answer every later call of `method` ("upload": the upload URL) with this error."""
        self._refusals[method] = error

    def allow(self, method: str) -> None:
        """Undo `refuse`."""
        self._refusals.pop(method, None)

    def wait_for_files(self, channel: str, count: int = 1, seconds: float = 60) -> List[dict]:
        """Wait for at least `count` files shared into `channel`."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while len(self.uploaded(channel)) < count and time.monotonic() < deadline:
                self._changed.wait(0.2)
            return self.uploaded(channel)

    def uploaded(self, channel: str) -> List[dict]:
        """The files shared into `channel` by files.completeUploadExternal, in order."""
        with self._changed:
            return [f for f in self.files if f["channel"] == channel]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def env(self) -> Dict[str, str]:
        """What a Rasa server needs to use this fake as its Slack."""
        return {
            "SLACK_TOKEN": self.token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_API_URL": self.url,
        }

    def posted(self, channel: str) -> List[dict]:
        """The chat.postMessage bodies for `channel`, in order."""
        with self._changed:
            return [
                c["body"]
                for c in self.calls
                if c["method"] == "chat.postMessage" and c["body"].get("channel") == channel
            ]

    def wait_for_posts(
        self, channel: str, count: int = 1, seconds: float = 60, quiet: float = 2.0
    ) -> List[dict]:
        """Wait for at least `count` posts to `channel`, then for `quiet` seconds without one."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while len(self.posted(channel)) < count and time.monotonic() < deadline:
                self._changed.wait(0.2)
            seen, last_change = len(self.posted(channel)), time.monotonic()
            while time.monotonic() < deadline and time.monotonic() - last_change < quiet:
                self._changed.wait(0.2)
                if len(self.posted(channel)) != seen:
                    seen, last_change = len(self.posted(channel)), time.monotonic()
            return self.posted(channel)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            body = await request.json()
        else:
            body = dict(await request.post())
        # Slack takes arguments in the query string too (slack_sdk sends some there).
        body = {**dict(request.query), **body}
        authorization = request.headers.get("Authorization", "")
        with self._changed:
            self.calls.append({"method": method, "authorization": authorization, "body": body})
            self._changed.notify_all()
        if authorization != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method in self._refusals:
            return web.json_response({"ok": False, "error": self._refusals[method]})
        if method == "files.getUploadURLExternal":
            return self._upload_url(request, body)
        if method == "files.completeUploadExternal":
            return self._complete_upload(body)
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
            )
        if method != "chat.postMessage":
            return web.json_response({"ok": False, "error": "unknown_method"})
        if not body.get("channel"):
            return web.json_response({"ok": False, "error": "channel_not_found"})
        if not body.get("text") and not body.get("blocks"):
            return web.json_response({"ok": False, "error": "no_text"})
        if "blocks" in body:
            error = _blocks_error(body["blocks"])
            if error:
                return web.json_response({"ok": False, "error": error})
        ts = f"{time.time():.6f}"
        return web.json_response(
            {
                "ok": True,
                "channel": body["channel"],
                "ts": ts,
                "message": {
                    "type": "message",
                    "text": body.get("text", ""),
                    "ts": ts,
                    "bot_id": "BBOT",
                },
            }
        )

    def _upload_url(self, request: web.Request, body: dict) -> web.Response:
        try:
            length = int(body.get("length", ""))
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_arguments"})
        if not body.get("filename") or length <= 0:
            return web.json_response({"ok": False, "error": "invalid_arguments"})
        file_id = f"F{uuid.uuid4().hex[:10].upper()}"
        with self._changed:
            self._uploads[file_id] = {"filename": body["filename"], "length": length, "body": None}
        return web.json_response(
            {
                "ok": True,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/v1/{file_id}",
                "file_id": file_id,
            }
        )

    async def receive_upload(self, request: web.Request) -> web.StreamResponse:
        """The upload URL: the file's bytes, raw or as a multipart "file" part."""
        file_id = request.match_info["file_id"]
        if request.content_type.startswith("multipart/"):
            part = (await request.post()).get("file")
            data = part.file.read() if isinstance(part, web.FileField) else b""
        else:
            data = await request.read()
        with self._changed:
            self.calls.append({"method": "upload", "authorization": "", "body": {"id": file_id}})
            self._changed.notify_all()
            upload = self._uploads.get(file_id)
            if "upload" in self._refusals:
                return web.Response(status=500, text="Internal Server Error")
            if upload is None:
                return web.Response(status=404, text="Not Found")
            upload["body"] = data
        return web.Response(text=f"OK - {len(data)}")

    def _complete_upload(self, body: dict) -> web.Response:
        try:
            files = json.loads(body.get("files") or "")
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_arguments"})
        if not isinstance(files, list) or not files:
            return web.json_response({"ok": False, "error": "invalid_arguments"})
        shared = []
        with self._changed:
            for item in files:
                upload = self._uploads.get(item.get("id", ""))
                if upload is None or upload["body"] is None:
                    return web.json_response({"ok": False, "error": "file_not_found"})
                if len(upload["body"]) != upload["length"]:
                    return web.json_response({"ok": False, "error": "file_upload_size_mismatch"})
                shared.append((item, upload))
            for item, upload in shared:
                self.files.append(
                    {
                        "channel": body.get("channel_id"),
                        "id": item["id"],
                        "filename": upload["filename"],
                        "title": item.get("title") or upload["filename"],
                        "body": upload["body"],
                        "initial_comment": body.get("initial_comment"),
                        "thread_ts": body.get("thread_ts"),
                    }
                )
            self._changed.notify_all()
        return web.json_response(
            {
                "ok": True,
                "files": [
                    {
                        "id": item["id"],
                        "name": upload["filename"],
                        "title": item.get("title") or upload["filename"],
                        "size": len(upload["body"]),
                    }
                    for item, upload in shared
                ],
            }
        )

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/api/{method}", self.handle)
        app.router.add_post("/upload/v1/{file_id}", self.receive_upload)
