"""Slack connector: Rasa's SlackInput with every one of its options, secrets from the environment.

Settings (credentials.yml key / environment variable; the variable wins):
- slack_token / SLACK_TOKEN (bot token, scopes chat:write and files:write) and
  slack_signing_secret / SLACK_SIGNING_SECRET: secrets, environment only;
- slack_channel / SLACK_CHANNEL: a channel the bot also listens and answers in;
- use_threads / SLACK_USE_THREADS: answer in the thread of the user's message;
- conversation_granularity / SLACK_CONVERSATION_GRANULARITY: one conversation
  per user ("sender", the default), per user and channel ("channel"), or per
  user and thread ("thread");
- proxy / SLACK_PROXY: a proxy for the calls to Slack;
- errors_ignore_retry / SLACK_ERRORS_IGNORE_RETRY (comma-separated): retry
  reasons answered without processing (default: http_timeout, as Rasa);
- slack_retry_reason_header, slack_retry_number_header /
  SLACK_RETRY_REASON_HEADER, SLACK_RETRY_NUMBER_HEADER;
- SLACK_API_URL (default https://slack.com/api/; tests point it at a local fake).

What it adds to Rasa's connector:
- requests without a valid, fresh (5 minutes) signature get 401 (Rasa: 400);
- a message Slack delivers more than once (retries, perhaps to another
  replica, or one message as both a `message` and an `app_mention` event) is
  answered once: the message log (stores/message_ids.py) is shared by all
  replicas in the scale-out profile;
- replies as mrkdwn section blocks of at most 3000 characters cut between
  paragraphs and never inside a list, with buttons as an actions block;
- the Web API base URL is configurable, and `as_user` (refused by current
  Slack apps' bot tokens) is not sent;
- a printable document is uploaded as a PDF file (files.getUploadURLExternal,
  the bytes to the upload URL, files.completeUploadExternal), or sent as its
  link if the upload fails (channels/document_files.py);
- without its secrets the webhook answers 503 and the server still starts.
"""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from typing import Any, Dict, List, Optional, Set

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.common import Setting, as_bool, as_list, not_configured_blueprint, read_settings
from channels.delivery import OnNewMessage, already_done, deliver
from channels.document_files import DocumentMessage, document_message, send_documents
from channels.formatting import split_text

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SECTION_TEXT_LIMIT = 3000  # Slack: a section block's text
BLOCKS_PER_MESSAGE_LIMIT = 50
BUTTONS_PER_ACTIONS_BLOCK = 25
BUTTON_TITLE_LIMIT = 75
FALLBACK_TEXT_LIMIT = 3000  # notification text; Slack truncates long ones anyway
GRANULARITIES = ("sender", "channel", "thread")
DEFAULT_RETRY_REASON_HEADER = "x-slack-retry-reason"
DEFAULT_RETRY_NUMBER_HEADER = "x-slack-retry-num"

SETTINGS = (
    Setting("slack_token", "SLACK_TOKEN", secret=True),
    Setting("slack_signing_secret", "SLACK_SIGNING_SECRET", secret=True),
    Setting("slack_channel", "SLACK_CHANNEL"),
    Setting("use_threads", "SLACK_USE_THREADS"),
    Setting("conversation_granularity", "SLACK_CONVERSATION_GRANULARITY"),
    Setting("proxy", "SLACK_PROXY"),
    Setting("errors_ignore_retry", "SLACK_ERRORS_IGNORE_RETRY"),
    Setting("slack_retry_reason_header", "SLACK_RETRY_REASON_HEADER"),
    Setting("slack_retry_number_header", "SLACK_RETRY_NUMBER_HEADER"),
    Setting("api_url", "SLACK_API_URL"),
)
REQUIRED = ("SLACK_TOKEN", "SLACK_SIGNING_SECRET")


def escape_mrkdwn(text: str) -> str:
    """The three characters Slack asks to escape in message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _button_title(title: str) -> str:
    return title if len(title) <= BUTTON_TITLE_LIMIT else title[: BUTTON_TITLE_LIMIT - 1] + "…"


def slack_messages(
    text: str, buttons: Optional[List[Dict[str, Any]]] = None
) -> List[Dict[str, Any]]:
    """One bot message as Slack chat.postMessage arguments: {"text": fallback, "blocks": [...]}.

    Almost always one message; more only when it would pass Slack's 50 blocks.
    The buttons go on the last one.
    """
    sections: List[Dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in split_text(escape_mrkdwn(text or ""), SECTION_TEXT_LIMIT)
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
    actions: List[Dict[str, Any]] = [
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
        # Document messages of the turn being processed, until the turn is saved.
        self._documents: List[DocumentMessage] = []
        self._document_channel: Optional[str] = None

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        document = document_message(message)
        if document is None:
            await super().send_response(recipient_id, message)
        else:  # sent by send_pending_documents, once the turn is saved
            self._documents.append(document)
            self._document_channel = self.slack_channel or recipient_id

    async def send_pending_documents(self, agent: Any) -> None:
        """The turn's documents, once it is saved: PDF files, or their links."""
        channel = self._document_channel
        if self._documents and channel:
            await send_documents(
                agent,
                self._documents,
                lambda document, filename, body: self.upload_file(
                    channel, document.caption, filename, body
                ),
                lambda text: self.send_text_message(channel, text),
            )

    async def upload_file(self, channel: str, comment: str, filename: str, body: bytes) -> None:
        """Slack's external upload: an upload URL, the bytes to it, then the file into the channel.

        Raises SlackApiError or SlackRequestError when Slack refuses a step.
        """
        await self.client.files_upload_v2(
            channel=channel,
            filename=filename,
            title=filename,
            content=body,
            initial_comment=comment or None,
            thread_ts=self.thread_id or None,
        )

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)
        kwargs.pop("type", None)
        try:
            await super()._post_message(channel, **kwargs)
        except SlackApiError as error:
            # The user gets nothing either way; the log says why (Slack's error code, no text).
            logger.error(
                "Slack refused a message for channel %s: %s", channel, error.response.get("error")
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
        values = read_settings("Slack", credentials, SETTINGS)
        problems: List[str] = []
        try:
            use_threads = as_bool(values.get("use_threads"), "SLACK_USE_THREADS (use_threads)")
        except ValueError as error:
            problems.append(str(error))
            use_threads = False
        return cls(
            slack_token=values.get("slack_token"),
            slack_channel=values.get("slack_channel"),
            proxy=values.get("proxy"),
            slack_retry_reason_header=values.get("slack_retry_reason_header"),
            slack_retry_number_header=values.get("slack_retry_number_header"),
            errors_ignore_retry=as_list(values.get("errors_ignore_retry")) or None,
            use_threads=use_threads,
            slack_signing_secret=values.get("slack_signing_secret", ""),
            conversation_granularity=values.get("conversation_granularity", "sender"),
            api_url=values.get("api_url", DEFAULT_API_URL),
            problems=problems,
        )

    def __init__(
        self,
        slack_token: Optional[str],
        slack_channel: Optional[str] = None,
        proxy: Optional[str] = None,
        slack_retry_reason_header: Optional[str] = None,
        slack_retry_number_header: Optional[str] = None,
        errors_ignore_retry: Optional[List[str]] = None,
        use_threads: Optional[bool] = False,
        slack_signing_secret: str = "",
        conversation_granularity: Optional[str] = "sender",
        api_url: str = DEFAULT_API_URL,
        problems: Optional[List[str]] = None,
    ) -> None:
        """Rasa's SlackInput arguments, in Rasa's order, then the Web API's base URL."""
        self.missing = [
            name
            for name, value in zip(REQUIRED, (slack_token, slack_signing_secret), strict=True)
            if not value
        ]
        self.missing += problems or []
        if conversation_granularity not in GRANULARITIES:
            self.missing.append(
                "SLACK_CONVERSATION_GRANULARITY (conversation_granularity) as one of "
                + ", ".join(GRANULARITIES)
            )
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        # Not SlackInput's check: it refuses to exist without a signing secret,
        # and the server must start anyway with this channel answering 503.
        self.slack_token = slack_token
        self.slack_channel = slack_channel
        self.proxy = proxy
        self.errors_ignore_retry = errors_ignore_retry or ("http_timeout",)
        self.retry_reason_header = slack_retry_reason_header or DEFAULT_RETRY_REASON_HEADER
        self.retry_num_header = slack_retry_number_header or DEFAULT_RETRY_NUMBER_HEADER
        self.use_threads = use_threads
        self.slack_signing_secret = slack_signing_secret
        self.conversation_granularity = conversation_granularity
        self._background_tasks: Set[asyncio.Task] = set()
        if self.missing:
            logger.info(
                "Slack channel not configured (missing %s); its webhook answers 503.",
                "; ".join(self.missing),
            )

    @property
    def configured(self) -> bool:
        return not self.missing

    def get_output_channel(
        self, channel: Optional[str] = None, thread_id: Optional[str] = None
    ) -> SlackOutput:
        if not self.slack_token or not self.configured:
            raise RasaException(
                f"The Slack channel is not configured: set {'; '.join(self.missing)}."
            )
        return SlackOutput(
            self.slack_token, self.api_url, channel or self.slack_channel, thread_id, self.proxy
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
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

        As Rasa's: {} when the request carries no Slack event or interaction.
        It also reads a content type with parameters ("; charset=utf-8"), and a
        malformed body gives {} where Rasa's raises.
        """
        content_type = _content_type(request)
        try:
            if content_type == "application/json":
                payload = json.loads(request.body)
                event = payload.get("event") or {}
                users = payload.get("authed_users") or [
                    a.get("user_id")
                    for a in (payload.get("authorizations") or [])[:1]
                    if isinstance(a, dict)
                ]
                return {
                    "out_channel": event.get("channel"),
                    "thread_id": event.get("thread_ts", event.get("ts")),
                    "users": [u for u in users if isinstance(u, str) and u],
                }
            if content_type == "application/x-www-form-urlencoded":
                payload = json.loads(request.form.get("payload") or "{}")
                message = payload.get("message") or {}
                user = (payload.get("user") or {}).get("id")
                return {
                    "out_channel": (payload.get("channel") or {}).get("id"),
                    "thread_id": message.get("thread_ts", message.get("ts")),
                    "users": [user] if user else [],
                }
        except (ValueError, AttributeError, TypeError):
            pass  # a malformed body: the handlers answer 400 or ignore it
        return {}

    def _redelivery(self, request: Request) -> HTTPResponse:
        logger.info(
            "Slack delivered a message again (retry %s); it was answered already.",
            request.headers.get(self.retry_num_header) or "-",
        )
        return response.text("", headers={"X-Slack-No-Retry": "1"})

    async def process_message(
        self,
        request: Request,
        on_new_message: OnNewMessage,
        text: str,
        sender_id: Optional[str],
        metadata: Optional[Dict[str, Any]],
        key: Optional[str] = None,
    ) -> HTTPResponse:
        """Answer Slack at once and handle the message in the background, as Rasa does.

        A retry whose reason is in errors_ignore_retry is answered without
        processing (as Rasa). A message whose key was handled already, by any
        replica, is not handed over again.
        """
        retry_reason = request.headers.get(self.retry_reason_header)
        retry_count = request.headers.get(self.retry_num_header)
        if retry_count and retry_reason in self.errors_ignore_retry:
            logger.info("Slack retry %s (%s) ignored, as configured.", retry_count, retry_reason)
            return response.text("", status=HTTPStatus.CREATED, headers={"X-Slack-No-Retry": "1"})
        agent = getattr(request.app.ctx, "agent", None)
        if key and sender_id and already_done(agent, sender_id, key):
            return self._redelivery(request)
        metadata = metadata or {}
        thread_id = metadata.get("thread_id") if self.use_threads else None
        message = UserMessage(
            text,
            self.get_output_channel(metadata.get("out_channel"), thread_id),
            sender_id,
            input_channel=self.name(),
            metadata=metadata,
        )
        task = asyncio.create_task(self._deliver(agent, on_new_message, message, key))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)
        return response.text("")

    async def _deliver(
        self, agent: Any, on_new_message: OnNewMessage, message: UserMessage, key: Optional[str]
    ) -> None:
        try:
            await deliver(agent, on_new_message, message, key, replay=False)
            if isinstance(message.output_channel, SlackOutput):
                await message.output_channel.send_pending_documents(agent)
        except Exception as error:  # noqa: BLE001 - Slack has its 200 already; log, without text
            logger.error("Could not handle a Slack message: %s", type(error).__name__)
            logger.debug("Details:", exc_info=True)

    async def _handle_event(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        try:
            payload = json.loads(request.body)
        except ValueError:
            return response.text("The body is not JSON.", status=400)
        if not isinstance(payload, dict):
            return response.text("The body is not a JSON object.", status=400)
        if payload.get("type") == "url_verification":
            return response.json({"challenge": payload.get("challenge")})
        event = payload.get("event")
        if (
            not isinstance(event, dict)
            or not isinstance(event.get("text"), str)
            or not isinstance(event.get("user"), str)
            or not self._is_user_message(payload)
        ):
            return response.text("Not a user message; nothing to do.")
        metadata = self.get_metadata(request)
        if not metadata:
            return response.text("Not a Slack event this bot can read.", status=400)
        if not self._is_supported_channel(payload, metadata):
            logger.debug(
                "Ignored a message in channel %s, which the bot does not serve.",
                metadata.get("out_channel"),
            )
            return response.text("Channel not served.")
        # The message itself, not the event, is the unit: a mention in a channel
        # comes as a `message` and an `app_mention` event with different event ids.
        key = (
            f"{event.get('channel')}:{event['ts']}" if event.get("ts") else payload.get("event_id")
        )
        conversation_id = self._get_conversation_id(
            event.get("user"), metadata.get("out_channel"), metadata.get("thread_id")
        )
        return await self.process_message(
            request,
            on_new_message,
            text=self._sanitize_user_message(event["text"], metadata["users"]),
            sender_id=conversation_id,
            metadata=metadata,
            key=key,
        )

    async def _handle_interaction(
        self, request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        try:
            payload = json.loads(request.form.get("payload") or "")
        except ValueError:
            return response.text("No interaction payload.", status=400)
        actions = payload.get("actions") if isinstance(payload, dict) else None
        if (
            not isinstance(actions, list)
            or not actions
            or not isinstance(actions[0], dict)
            or not self._is_interactive_message(payload)
        ):
            return response.text("Not an interaction the bot handles.")
        text = self._get_interactive_response(payload["actions"][0])
        if text is None:
            return response.text("Link button; nothing to do.")  # link buttons carry no value
        interaction = payload.get("trigger_id") or payload["actions"][0].get("action_ts")
        metadata = self.get_metadata(request)
        conversation_id = self._get_conversation_id(
            (payload.get("user") or {}).get("id"),
            metadata.get("out_channel"),
            metadata.get("thread_id"),
        )
        return await self.process_message(
            request,
            on_new_message,
            text,
            conversation_id,
            metadata,
            key=f"interaction:{interaction}" if interaction else None,
        )
