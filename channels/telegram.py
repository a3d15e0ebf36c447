"""Telegram connector: Rasa's TelegramInput, with a secret-checked webhook that works in Rasa 3.6.

Settings (credentials.yml key / environment variable; the variable wins):
- access_token / TELEGRAM_TOKEN (from @BotFather): secret, environment only;
- TELEGRAM_SECRET_TOKEN (1-256 of A-Z a-z 0-9 _ -; Telegram sends it back in
  every webhook call): secret, environment only;
- webhook_url / TELEGRAM_WEBHOOK_URL: the public https URL of
  /webhooks/telegram/webhook;
- verify / TELEGRAM_BOT_NAME (optional): the bot's username, checked against
  the token at start and used to read "/start@ThisBot" in groups;
- TELEGRAM_API_URL (default https://api.telegram.org; tests point it at a local fake).

Why not Rasa's connector as it is: it registers the webhook with
`asyncio.run()` while building the blueprint, so aiogram's HTTP session
belongs to a loop that is closed before the server starts, and the first
reply fails with "Event loop is closed". Here the bot (and its session) is
created in the server's running loop, and the webhook is registered in
`before_server_start` (and again on GET or POST /webhooks/telegram/set_webhook,
as Rasa offers). Rasa's connector also checks each update by asking
Telegram's getMe, which proves nothing about the sender; this one checks the
X-Telegram-Bot-Api-Secret-Token header (registered with setWebhook) and
answers 403 to anything else.

What it reads, as Rasa: text messages, edited messages (the edited text is
answered like a new message, as Rasa does: someone who corrects a question
wants the corrected answer), button presses, "/restart" (then a fresh
greeting), and an update sent as a JSON string inside JSON. Unlike Rasa:
"/start" greets; a location pin is not passed on as coordinates (the guide
cannot use them and would keep a precise location in the conversation): the
user is asked to type a ZIP code or city instead; a button press stops the
button's spinner; an update Telegram delivers again, to any replica, is
answered once (stores/message_ids.py); replies are plain text split at 4096
characters between paragraphs, never inside a list; a printable document is
sent as a PDF file (sendDocument), or as its link if the upload fails
(channels/document_files.py).
"""

from __future__ import annotations

import asyncio
import hmac
import io
import json
import logging
import re
from typing import Any, Dict, List, Optional, Tuple

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer, check_token
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import Setting, not_configured_blueprint, read_settings
from channels.delivery import OnNewMessage, already_done, deliver
from channels.document_files import DocumentMessage, document_message, send_documents
from channels.formatting import split_text, utf16_length

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
MESSAGE_LIMIT = 4096  # Telegram: characters (UTF-16 code units) of one message's text
CAPTION_LIMIT = 1024  # Telegram: characters of a document's caption
CALLBACK_DATA_LIMIT = 64  # Telegram: bytes of an inline button's callback_data
SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
WEBHOOK_SETUP_SECONDS = 15
ANSWERED = "success"  # Rasa's answer to Telegram; Telegram reads only the status
NO_LOCATIONS = (
    "I can't use a shared location. To find a specialist, type a ZIP code or a city, "
    'for example "a cardiologist near 02115".'
)

SETTINGS = (
    Setting("access_token", "TELEGRAM_TOKEN", secret=True),
    Setting("secret_token", "TELEGRAM_SECRET_TOKEN", secret=True),
    Setting("webhook_url", "TELEGRAM_WEBHOOK_URL"),
    Setting("verify", "TELEGRAM_BOT_NAME"),
    Setting("api_url", "TELEGRAM_API_URL"),
)
REQUIRED = ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN")


def _cut_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def callback_data(button: Dict[str, Any]) -> str:
    """The payload, which Telegram carries back when the button is pressed (at most 64 bytes).

    Every payload this bot sends is shorter (tests/channels check the domain's
    and the actions'). Should a longer one appear, its title goes instead,
    read on a press as if the user had typed it.
    """
    payload = str(button["payload"])
    if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        return payload
    logger.error("A button payload is over Telegram's 64 bytes; its title is sent instead.")
    return _cut_utf8(str(button["title"]), CALLBACK_DATA_LIMIT)


def inline_keyboard(buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """One button per row: titles stay readable on a phone."""
    return {
        "inline_keyboard": [
            [{"text": b["title"], "callback_data": callback_data(b)}]
            for b in buttons
            if b.get("title") and b.get("payload")
        ]
    }


def telegram_messages(text: str, buttons: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """sendMessage arguments (without chat_id) for one bot message.

    Plain text (the bot writes no markup) in chunks of at most 4096, cut
    between paragraphs and never inside a list; the keyboard on the last chunk.
    """
    chunks = split_text(text or "", MESSAGE_LIMIT, utf16_length)
    if not chunks and buttons:
        chunks = ["Please choose:"]  # Telegram needs text under a keyboard
    messages: List[Dict[str, Any]] = [{"text": chunk} for chunk in chunks]
    if messages and buttons:
        messages[-1]["reply_markup"] = inline_keyboard(buttons)
    return messages


def _field(parent: Dict[str, Any], name: str) -> Dict[str, Any]:
    """An object inside an update; {} when it is missing or not an object."""
    value = parent.get(name)
    return value if isinstance(value, dict) else {}


def language_metadata(update: Dict[str, Any]) -> Dict[str, Any]:
    """The sender's Telegram app language ({"language": "es"}), for the guide's language choice."""
    for kind in ("message", "edited_message", "callback_query"):
        code = _field(_field(update, kind), "from").get("language_code")
        if isinstance(code, str) and code.strip():
            return {"language": code.strip().lower()[:2]}
    return {}


class TelegramBot(TelegramOutput):
    """aiogram's Bot at a configurable API URL; create it inside the loop that will use it."""

    def __init__(self, token: str, api_url: str = DEFAULT_API_URL) -> None:
        Bot.__init__(self, token, server=TelegramAPIServer.from_base(api_url))
        # Document messages of the turn being processed, by chat, until the turn is saved.
        self._documents: Dict[str, List[DocumentMessage]] = {}

    async def call(self, method: str, **params: Any) -> Any:
        """A Bot API method with any parameters, also ones aiogram 2.15 does not know."""
        data = {
            key: json.dumps(value) if isinstance(value, (dict, list)) else value
            for key, value in params.items()
            if value is not None
        }
        return await self.request(method, data)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        document = document_message(message)
        if document is None:
            await super().send_response(recipient_id, message)
        else:  # sent by send_pending_documents, once the turn is saved
            self._documents.setdefault(recipient_id, []).append(document)

    async def send_pending_documents(self, agent: Any, chat_id: str) -> None:
        """The chat's documents of the turn just saved: PDF files, or their links."""
        pending = self._documents.pop(chat_id, [])
        if pending:
            await send_documents(
                agent,
                pending,
                lambda document, filename, body: self.send_document(
                    chat_id, document.caption, filename, body
                ),
                lambda text: self.send_text_message(chat_id, text),
            )

    async def send_document(self, chat_id: str, caption: str, filename: str, body: bytes) -> None:
        """sendDocument: the file as multipart/form-data, with a short caption."""
        await self.request(
            "sendDocument",
            {"chat_id": chat_id, "caption": caption[:CAPTION_LIMIT]},
            files={"document": (filename, io.BytesIO(body))},
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text, [])

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, text, buttons)

    async def _send(self, chat_id: str, text: str, buttons: List[Dict[str, Any]]) -> None:
        for message in telegram_messages(text, buttons):
            await self.call("sendMessage", chat_id=chat_id, **message)

    async def close_session(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class TelegramConnector(TelegramInput):
    """Telegram Bot API webhook at /webhooks/telegram/webhook."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> TelegramConnector:
        values = read_settings("Telegram", credentials, SETTINGS)
        return cls(
            token=values.get("access_token"),
            webhook_url=values.get("webhook_url"),
            secret_token=values.get("secret_token"),
            bot_name=values.get("verify"),
            api_url=values.get("api_url", DEFAULT_API_URL),
        )

    def __init__(
        self,
        token: Optional[str],
        webhook_url: Optional[str],
        secret_token: Optional[str],
        bot_name: Optional[str] = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(
            access_token=token, verify=bot_name, webhook_url=webhook_url, debug_mode=False
        )
        self.secret_token = secret_token
        self.bot_name = (bot_name or "").lstrip("@") or None
        self.api_url = api_url
        self._bot: Optional[TelegramBot] = None
        self._bot_loop: Optional[asyncio.AbstractEventLoop] = None
        self.missing = [
            name
            for name, value in zip(REQUIRED, (token, webhook_url, secret_token), strict=True)
            if not value
        ]
        if token and not self._token_looks_valid(token):
            self.missing.append(
                "TELEGRAM_TOKEN (the form is <digits>:<letters>, as @BotFather gives it)"
            )
        if secret_token and not SECRET_TOKEN_PATTERN.match(secret_token):
            self.missing.append(
                "TELEGRAM_SECRET_TOKEN (1-256 characters of A-Z, a-z, 0-9, _ and -)"
            )
        if self.missing:
            logger.info(
                "Telegram channel not configured (missing %s); its webhook answers 503.",
                "; ".join(self.missing),
            )

    @staticmethod
    def _token_looks_valid(token: str) -> bool:
        try:
            return check_token(token)
        except ValidationError:
            return False

    @property
    def configured(self) -> bool:
        return not self.missing

    def get_output_channel(self) -> TelegramBot:
        """The bot for the running loop: an aiohttp session works only in its own loop."""
        if not self.configured or not self.access_token:
            raise RasaException(
                f"The Telegram channel is not configured: set {'; '.join(self.missing)}."
            )
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return TelegramBot(self.access_token, self.api_url)
        if self._bot is None or self._bot_loop is not loop:
            self._bot = TelegramBot(self.access_token, self.api_url)
            self._bot_loop = loop
        return self._bot

    async def register_webhook(self) -> bool:
        """setWebhook with our secret; on failure, log why and keep serving the other channels."""
        bot = self.get_output_channel()
        try:
            await asyncio.wait_for(
                bot.call(
                    "setWebhook",
                    url=self.webhook_url,
                    secret_token=self.secret_token,
                    allowed_updates=ALLOWED_UPDATES,
                ),
                WEBHOOK_SETUP_SECONDS,
            )
        except (TelegramAPIError, asyncio.TimeoutError) as error:
            logger.error(
                "Could not register the Telegram webhook: %s: %s. Telegram will not send "
                "messages until it is registered (restart, or GET /webhooks/telegram/set_webhook).",
                type(error).__name__,
                self._redact(error),
            )
            return False
        logger.info("Telegram webhook registered.")
        if self.bot_name:
            try:
                me = await asyncio.wait_for(bot.call("getMe"), WEBHOOK_SETUP_SECONDS)
                if (me or {}).get("username", "").lower() != self.bot_name.lower():
                    logger.warning(
                        "TELEGRAM_TOKEN belongs to a bot whose username is not TELEGRAM_BOT_NAME."
                    )
            except (TelegramAPIError, asyncio.TimeoutError) as error:
                logger.warning("Could not check the bot's username: %s.", type(error).__name__)
        return True

    def _redact(self, error: BaseException) -> str:
        """An error's text without the token (a URL in an HTTP error has it in its path)."""
        text = str(error)
        for secret in (self.access_token, self.secret_token):
            if secret:
                text = text.replace(secret, "<redacted>")
        return text

    def secret_matches(self, provided: Optional[str]) -> bool:
        return hmac.compare_digest(
            (provided or "").encode("utf-8"), (self.secret_token or "").encode("utf-8")
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not self.configured:
            return not_configured_blueprint("telegram_webhook", "Telegram", self.missing)
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.listener("before_server_start")
        async def set_webhook_at_start(_app: Any, _loop: Any) -> None:
            await self.register_webhook()

        @telegram_webhook.listener("after_server_stop")
        async def close_bot(_app: Any, _loop: Any) -> None:
            if self._bot is not None:
                await self._bot.close_session()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/set_webhook", methods=["GET", "POST"])
        async def set_webhook(_: Request) -> HTTPResponse:
            if await self.register_webhook():
                return response.text("Webhook setup successful")
            return response.text("Invalid webhook")

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.secret_matches(request.headers.get(SECRET_HEADER)):
                logger.warning(
                    "Refused a request to the Telegram webhook: missing or wrong secret token."
                )
                return response.text("Forbidden.", status=403)
            try:
                update = json.loads(request.body)
                if isinstance(update, str):  # an update sent as a JSON string, as Rasa accepts
                    update = json.loads(update)
            except ValueError:
                return response.text("The body is not JSON.", status=400)
            if not isinstance(update, dict):
                return response.text("The body is not a JSON object.", status=400)
            await self._handle_update(request, update, on_new_message)
            return response.text(ANSWERED)

        return telegram_webhook

    async def _handle_update(
        self, request: Request, update: Dict[str, Any], on_new_message: OnNewMessage
    ) -> None:
        bot = self.get_output_channel()
        incoming = await self._read_update(update, bot)
        if incoming is None:
            return
        chat_id, texts = incoming
        update_id = update.get("update_id")
        agent = getattr(request.app.ctx, "agent", None)
        for index, text in enumerate(texts):
            key = None
            if isinstance(update_id, int):
                key = f"update:{update_id}" + (f":{index}" if index else "")
                if already_done(agent, chat_id, key):
                    logger.info("Telegram delivered update %s again; answered already.", update_id)
                    continue
            message = UserMessage(
                text, bot, chat_id, input_channel=self.name(), metadata=language_metadata(update)
            )
            try:
                await deliver(agent, on_new_message, message, key, replay=False)
                await bot.send_pending_documents(agent, chat_id)
            except Exception as error:  # noqa: BLE001 - Telegram would redeliver on an error status, forever
                logger.error(
                    "Could not handle a Telegram message: %s: %s",
                    type(error).__name__,
                    self._redact(error),
                )
                logger.debug("Details:", exc_info=True)
                return

    async def _read_update(
        self, update: Dict[str, Any], bot: TelegramBot
    ) -> Optional[Tuple[str, List[str]]]:
        """(chat id, texts for Rasa) of a message, an edit or a button press; None for others."""
        if isinstance(update.get("callback_query"), dict):
            pressed = await self._read_button_press(update["callback_query"], bot)
            return None if pressed is None else (pressed[0], [pressed[1]])
        message = update.get("message")
        if not isinstance(message, dict):
            message = update.get("edited_message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return None  # channel posts, polls, member updates... nothing to answer
        chat_id = str(message["chat"].get("id"))
        if isinstance(message.get("location"), dict) and not message.get("text"):
            try:
                await bot.send_text_message(chat_id, NO_LOCATIONS)
            except TelegramAPIError as error:
                logger.warning("Could not answer a location: %s", self._redact(error))
            return None
        if not isinstance(message.get("text"), str) or not message["text"].strip():
            return None  # photos, stickers, voice...
        text = self._command_to_intent(message["text"].strip())
        if text is None:
            return None
        if text == "/restart":
            return chat_id, ["/restart", "/greet"]  # Rasa: a restart, then "/start"
        return chat_id, [text]

    def _command_to_intent(self, text: str) -> Optional[str]:
        """ "/start" (Telegram's first message) greets; "/cmd@OtherBot" in a group is not for us."""
        if not text.startswith("/"):
            return text
        command, _, rest = text.partition(" ")
        command, _, addressee = command.partition("@")
        if addressee and self.bot_name and addressee.lower() != self.bot_name.lower():
            return None
        if command == "/start":
            return "/greet"  # a deep-link parameter after /start means nothing to this bot
        return f"{command} {rest}".strip()

    async def _read_button_press(
        self, query: Dict[str, Any], bot: TelegramBot
    ) -> Optional[Tuple[str, str]]:
        try:
            # Stops the button's spinner; Telegram expects it within seconds, so before the answer.
            await bot.call("answerCallbackQuery", callback_query_id=query.get("id"))
        except TelegramAPIError as error:
            logger.warning("answerCallbackQuery failed: %s", self._redact(error))
        data = query.get("data")
        chat_id = _field(_field(query, "message"), "chat").get("id") or _field(query, "from").get(
            "id"
        )
        if not isinstance(data, str) or not data or chat_id is None:
            return None
        return str(chat_id), data
