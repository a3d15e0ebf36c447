"""A local stand-in for the Slack Web API, for tests.

It speaks the Web API's protocol (POST /api/<method>, bot token in
`Authorization: Bearer ...`, JSON or form bodies, HTTP 200 answers with
{"ok": true, ...} or {"ok": false, "error": "..."}), checks what Slack checks
for chat.postMessage (token, channel, text or blocks, section text at most
3000 characters, at most 50 blocks, at most 25 elements in an actions block,
button titles at most 75 characters), and records every call.
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
        authorization = request.headers.get("Authorization", "")
        with self._changed:
            self.calls.append({"method": method, "authorization": authorization, "body": body})
            self._changed.notify_all()
        if authorization != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
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

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/api/{method}", self.handle)
