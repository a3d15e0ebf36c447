"""Slack connector: Rasa's SlackInput, configured from environment variables.

Environment: SLACK_TOKEN (bot token, scope chat:write), SLACK_SIGNING_SECRET,
SLACK_CHANNEL (optional: a channel the bot also listens and answers in),
SLACK_API_URL (default https://slack.com/api/; tests point it at a local fake).

What it adds to Rasa's connector:
- requests without a valid, fresh (5 minutes) signature get 401 (Rasa: 400);
- a message Slack delivers more than once (retries, or the same message as
  both a `message` and an `app_mention` event) is answered once;
- replies in mrkdwn, as section blocks of at most 3000 characters cut between
  paragraphs and never inside a list, with buttons as an actions block;
- the Web API base URL is configurable, and `as_user` (refused by current
  Slack apps' bot tokens) is not sent.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.common import SeenIds, not_configured_blueprint, read_env, warn_about_file_credentials
from channels.formatting import markdown_to_mrkdwn, split_text

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SECTION_TEXT_LIMIT = 3000  # Slack: a section block's text
BLOCKS_PER_MESSAGE_LIMIT = 50
BUTTONS_PER_ACTIONS_BLOCK = 25
BUTTON_TITLE_LIMIT = 75
FALLBACK_TEXT_LIMIT = 3000  # notification text; Slack truncates long ones anyway

REQUIRED_ENV = ("SLACK_TOKEN", "SLACK_SIGNING_SECRET")
OPTIONAL_ENV = ("SLACK_CHANNEL", "SLACK_API_URL")


def _button_title(title: str) -> str:
    return title if len(title) <= BUTTON_TITLE_LIMIT else title[: BUTTON_TITLE_LIMIT - 1] + "…"


def slack_messages(
    text: str, buttons: Optional[List[Dict[str, Any]]] = None
) -> List[Dict[str, Any]]:
    """One bot message as Slack chat.postMessage arguments: {"text": fallback, "blocks": [...]}.

    Almost always one message; more only when it would pass Slack's 50 blocks.
    The buttons go on the last one.
    """
    sections = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in split_text(markdown_to_mrkdwn(text or ""), SECTION_TEXT_LIMIT)
    ]
    elements = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": _button_title(b["title"]), "emoji": True},
            "value": b["payload"],
            "action_id": f"button_{index}",
        }
        for index, b in enumerate(buttons or [])
        if b.get("title") and b.get("payload")
    ]
    actions = [
        {"type": "actions", "elements": elements[start : start + BUTTONS_PER_ACTIONS_BLOCK]}
        for start in range(0, len(elements), BUTTONS_PER_ACTIONS_BLOCK)
    ]
    blocks = sections + actions
    messages = []
    for start in range(0, len(blocks), BLOCKS_PER_MESSAGE_LIMIT):
        part = blocks[start : start + BLOCKS_PER_MESSAGE_LIMIT]
        texts = [block["text"]["text"] for block in part if block["type"] == "section"]
        fallback = "\n\n".join(texts) or "Please choose:"
        if len(fallback) > FALLBACK_TEXT_LIMIT:
            fallback = fallback[: FALLBACK_TEXT_LIMIT - 1] + "…"
        messages.append({"text": fallback, "blocks": part})
    return messages


def _content_type(request: Request) -> str:
    """ "application/json; charset=utf-8" → "application/json"."""
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


class SlackOutput(SlackBot):
    """Posts replies through the Web API at a configurable base URL."""

    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        slack_channel: Optional[str] = None,
        thread_id: Optional[str] = None,
        proxy: Optional[str] = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token=token, base_url=api_url, proxy=proxy)

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)
        kwargs.pop("type", None)
        try:
            await super()._post_message(channel, **kwargs)
        except SlackApiError as error:
            # The user gets nothing either way; the log says why (Slack's error code, never the text).
            logger.error(
                f"Slack refused a message for channel {channel}: {error.response.get('error')}"
            )

    async def _send(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]]) -> None:
        channel = self.slack_channel or recipient_id
        for message in slack_messages(text, buttons):
            await self._post_message(channel=channel, **message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text, [])

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, text, buttons)


class SlackConnector(SlackInput):
    """Slack Events API and interactivity at /webhooks/slack/webhook."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> SlackConnector:
        warn_about_file_credentials("Slack", credentials)
        env = read_env(REQUIRED_ENV + OPTIONAL_ENV)
        return cls(
            token=env.get("SLACK_TOKEN"),
            signing_secret=env.get("SLACK_SIGNING_SECRET"),
            channel=env.get("SLACK_CHANNEL"),
            api_url=env.get("SLACK_API_URL", DEFAULT_API_URL),
        )

    def __init__(
        self,
        token: Optional[str],
        signing_secret: Optional[str],
        channel: Optional[str] = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        self.missing = [
            name for name, value in zip(REQUIRED_ENV, (token, signing_secret)) if not value
        ]
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self._seen = SeenIds()
        if self.missing:
            # Not SlackInput.__init__: it refuses to exist without a signing secret,
            # and the server must start anyway with this channel answering 503.
            self.slack_token, self.slack_channel, self.proxy = None, channel, None
            logger.info(
                f"Slack channel not configured (missing {', '.join(self.missing)}); "
                f"its webhook answers 503."
            )
            return
        super().__init__(
            token,
            channel,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            slack_signing_secret=signing_secret,
        )

    @property
    def configured(self) -> bool:
        return not self.missing

    def get_output_channel(
        self, channel: Optional[str] = None, thread_id: Optional[str] = None
    ) -> SlackOutput:
        if not self.configured:
            raise RasaException(
                f"The Slack channel is not configured: set {', '.join(self.missing)}."
            )
        return SlackOutput(
            self.slack_token, self.api_url, channel or self.slack_channel, thread_id, self.proxy
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.configured:
            return not_configured_blueprint("slack_webhook", "Slack", self.missing)
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                logger.warning(
                    "Refused a request to the Slack webhook: missing, wrong or stale signature."
                )
                return response.text("Invalid or stale Slack signature.", status=401)
            content_type = _content_type(request)
            if content_type == "application/json":
                return await self._handle_event(request, on_new_message)
            if content_type == "application/x-www-form-urlencoded":
                return await self._handle_interaction(request, on_new_message)
            return response.text("Unsupported content type.", status=415)

        return slack_webhook

    def get_metadata(self, request: Request) -> Dict[str, Any]:
        """Where to answer (channel, thread) and the bot's own user ids (to drop self-mentions).

        As Rasa's, but it also reads a content type with parameters ("; charset=utf-8"),
        where Rasa's returns nothing and its callers fail.
        """
        metadata: Dict[str, Any] = {"out_channel": None, "thread_id": None, "users": []}
        content_type = _content_type(request)
        try:
            if content_type == "application/json":
                payload = json.loads(request.body)
                event = payload.get("event") or {}
                users = payload.get("authed_users") or [
                    a.get("user_id") for a in payload.get("authorizations", [])[:1]
                ]
                metadata.update(
                    out_channel=event.get("channel"),
                    thread_id=event.get("thread_ts", event.get("ts")),
                    users=[u for u in users if u],
                )
            elif content_type == "application/x-www-form-urlencoded":
                payload = json.loads(request.form.get("payload") or "{}")
                message = payload.get("message") or {}
                user = (payload.get("user") or {}).get("id")
                metadata.update(
                    out_channel=(payload.get("channel") or {}).get("id"),
                    thread_id=message.get("thread_ts", message.get("ts")),
                    users=[user] if user else [],
                )
        except (ValueError, AttributeError):
            pass  # a malformed body: the handlers answer 400 or ignore it
        return metadata

    @staticmethod
    def _redelivery(retry_number: Optional[str]) -> HTTPResponse:
        logger.info(
            f"Slack delivered a message again (retry {retry_number or '-'}); it was answered already."
        )
        return response.text("", headers={"X-Slack-No-Retry": "1"})

    async def _handle_event(self, request: Request, on_new_message: Callable) -> HTTPResponse:
        try:
            payload = json.loads(request.body)
        except ValueError:
            return response.text("The body is not JSON.", status=400)
        if not isinstance(payload, dict):
            return response.text("The body is not a JSON object.", status=400)
        if payload.get("type") == "url_verification":
            return response.json({"challenge": payload.get("challenge")})
        if not self._is_user_message(payload):
            return response.text("Not a user message; nothing to do.")
        metadata = self.get_metadata(request)
        if not self._is_supported_channel(payload, metadata):
            logger.debug(
                f"Ignored a message in channel {metadata.get('out_channel')}, which the bot does not serve."
            )
            return response.text("Channel not served.")
        event = payload["event"]
        # The message itself, not the event, is the unit: a mention in a channel
        # comes as a `message` and an `app_mention` event with different event ids.
        message_key = (
            f"{event.get('channel')}:{event['ts']}" if event.get("ts") else payload.get("event_id")
        )
        if message_key and not self._seen.first_time(message_key):
            return self._redelivery(request.headers.get(self.retry_num_header))
        conversation_id = self._get_conversation_id(
            event.get("user"), metadata.get("out_channel"), metadata.get("thread_id")
        )
        return await self.process_message(
            request,
            on_new_message,
            text=self._sanitize_user_message(event["text"], metadata["users"]),
            sender_id=conversation_id,
            metadata=metadata,
        )

    async def _handle_interaction(self, request: Request, on_new_message: Callable) -> HTTPResponse:
        try:
            payload = json.loads(request.form.get("payload") or "")
        except ValueError:
            return response.text("No interaction payload.", status=400)
        if not isinstance(payload, dict) or not self._is_interactive_message(payload):
            return response.text("Not an interaction the bot handles.")
        text = self._get_interactive_response(payload["actions"][0])
        if text is None:
            return response.text("Link button; nothing to do.")  # link buttons carry no value
        interaction_key = payload.get("trigger_id") or payload["actions"][0].get("action_ts")
        if interaction_key and not self._seen.first_time(f"interaction:{interaction_key}"):
            return self._redelivery(request.headers.get(self.retry_num_header))
        metadata = self.get_metadata(request)
        conversation_id = self._get_conversation_id(
            payload.get("user", {}).get("id"),
            metadata.get("out_channel"),
            metadata.get("thread_id"),
        )
        return await self.process_message(request, on_new_message, text, conversation_id, metadata)
