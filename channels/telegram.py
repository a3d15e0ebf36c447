"""Telegram connector: Rasa's TelegramInput, configured from environment variables.

Environment: TELEGRAM_TOKEN (from @BotFather), TELEGRAM_WEBHOOK_URL (the public
https URL of /webhooks/telegram/webhook), TELEGRAM_SECRET_TOKEN (1-256 of
A-Z a-z 0-9 _ -; Telegram sends it back in every webhook call),
TELEGRAM_BOT_NAME (optional: the bot's username, to check the token at start
and to read "/start@ThisBot" in groups), TELEGRAM_API_URL (default
https://api.telegram.org; tests point it at a local fake).

Why not Rasa's connector as it is: it registers the webhook with
`asyncio.run()` while building the blueprint, so aiogram's HTTP session
belongs to a loop that is closed before the server starts, and the first
reply fails with "Event loop is closed". Here the bot (and its session) is
created in the server's running loop, and the webhook is registered in
`before_server_start`. Rasa's connector also checks each update by asking
Telegram's getMe, which proves nothing about the sender; this one checks the
X-Telegram-Bot-Api-Secret-Token header (registered with setWebhook) and
answers 403 to anything else.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import logging
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer, check_token
from aiogram.utils.exceptions import BadRequest, TelegramAPIError, ValidationError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import SeenIds, not_configured_blueprint, read_env, warn_about_file_credentials
from channels.formatting import markdown_to_telegram_html, split_text, utf16_length

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
MESSAGE_LIMIT = 4096  # Telegram: characters (UTF-16 code units) of one message's text
CALLBACK_DATA_LIMIT = 64  # Telegram: bytes of an inline button's callback_data
SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
WEBHOOK_SETUP_SECONDS = 15

REQUIRED_ENV = ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN")
OPTIONAL_ENV = ("TELEGRAM_BOT_NAME", "TELEGRAM_API_URL")


class CallbackData:
    """Button payloads to Telegram callback_data (at most 64 bytes) and back.

    Short payloads go as they are. A longer one goes as a key derived from its
    hash, remembered here; the key is the same in every process and after a
    restart, so any server that has rendered the payload can read the key.
    """

    PREFIX = "#k:"

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not payload.startswith(
            self.PREFIX
        ):
            return payload
        key = self.PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        if len(self._payloads) > self.size:
            self._payloads.popitem(last=False)
        return key

    def decode(self, data: str) -> Optional[str]:
        """The payload, or None for a key this process never made (the caller falls back)."""
        if not data.startswith(self.PREFIX):
            return data
        return self._payloads.get(data)


def inline_keyboard(buttons: List[Dict[str, Any]], callback_data: CallbackData) -> Dict[str, Any]:
    """One button per row: titles stay readable on a phone."""
    return {
        "inline_keyboard": [
            [{"text": b["title"], "callback_data": callback_data.encode(b["payload"])}]
            for b in buttons
            if b.get("title") and b.get("payload")
        ]
    }


def telegram_messages(
    text: str, buttons: Optional[List[Dict[str, Any]]], callback_data: CallbackData
) -> List[Dict[str, Any]]:
    """sendMessage arguments (without chat_id) for one bot message: HTML text in
    chunks of at most 4096, cut between paragraphs and never inside a list; the
    keyboard on the last chunk."""
    chunks = split_text(text or "", MESSAGE_LIMIT, utf16_length)
    if not chunks and buttons:
        chunks = ["Please choose:"]  # Telegram needs text under a keyboard
    messages = [
        {"text": markdown_to_telegram_html(chunk), "parse_mode": "HTML"} for chunk in chunks
    ]
    if messages and buttons:
        messages[-1]["reply_markup"] = inline_keyboard(buttons, callback_data)
    return messages


class TelegramBot(TelegramOutput):
    """aiogram's Bot at a configurable API URL; create it inside the loop that will use it."""

    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        callback_data: Optional[CallbackData] = None,
    ) -> None:
        Bot.__init__(self, token, server=TelegramAPIServer.from_base(api_url))
        self.callback_data = callback_data or CallbackData()

    async def call(self, method: str, **params: Any) -> Any:
        """A Bot API method with any parameters, also ones aiogram 2.15 does not know (secret_token)."""
        data = {
            key: json.dumps(value) if isinstance(value, (dict, list)) else value
            for key, value in params.items()
            if value is not None
        }
        return await self.request(method, data)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text, [])

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, text, buttons)

    async def _send(self, chat_id: str, text: str, buttons: List[Dict[str, Any]]) -> None:
        for message in telegram_messages(text, buttons, self.callback_data):
            try:
                await self.call("sendMessage", chat_id=chat_id, **message)
            except BadRequest as error:
                if "parse entities" not in str(error):
                    raise
                # Should not happen (all text is escaped); if it does, plain text still reaches the user.
                logger.error(
                    f"Telegram could not parse a message's HTML ({error}); sending it as plain text."
                )
                await self.call(
                    "sendMessage",
                    chat_id=chat_id,
                    text=_strip_tags(message["text"]),
                    reply_markup=message.get("reply_markup"),
                )

    async def close_session(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def _strip_tags(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


class TelegramConnector(TelegramInput):
    """Telegram Bot API webhook at /webhooks/telegram/webhook."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> TelegramConnector:
        warn_about_file_credentials("Telegram", credentials)
        env = read_env(REQUIRED_ENV + OPTIONAL_ENV)
        return cls(
            token=env.get("TELEGRAM_TOKEN"),
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL"),
            secret_token=env.get("TELEGRAM_SECRET_TOKEN"),
            bot_name=env.get("TELEGRAM_BOT_NAME"),
            api_url=env.get("TELEGRAM_API_URL", DEFAULT_API_URL),
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
        self.callback_data = CallbackData()
        self._seen_updates = SeenIds()
        self._bot: Optional[TelegramBot] = None
        self._bot_loop: Optional[asyncio.AbstractEventLoop] = None
        self.missing = [
            name
            for name, value in zip(REQUIRED_ENV, (token, webhook_url, secret_token))
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
                f"Telegram channel not configured (missing {'; '.join(self.missing)}); "
                f"its webhook answers 503."
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
        """The bot for the running loop: an aiohttp session must be used in the loop it was made in."""
        if not self.configured:
            raise RasaException(
                f"The Telegram channel is not configured: set {'; '.join(self.missing)}."
            )
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            return TelegramBot(self.access_token, self.api_url, self.callback_data)
        if self._bot is None or self._bot_loop is not loop:
            self._bot = TelegramBot(self.access_token, self.api_url, self.callback_data)
            self._bot_loop = loop
        return self._bot

    async def register_webhook(self) -> bool:
        """setWebhook with our secret; on failure log why and keep serving (the other channels work)."""
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
                f"Could not register the Telegram webhook: {type(error).__name__}: {self._redact(error)}. "
                f"Telegram will not send messages until it is registered (restart to retry)."
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
                logger.warning(f"Could not check the bot's username: {type(error).__name__}.")
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

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.configured:
            return not_configured_blueprint("telegram_webhook", "Telegram", self.missing)
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.listener("before_server_start")
        async def set_webhook(_app: Any, _loop: Any) -> None:
            await self.register_webhook()

        @telegram_webhook.listener("after_server_stop")
        async def close_bot(_app: Any, _loop: Any) -> None:
            if self._bot is not None:
                await self._bot.close_session()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.secret_matches(request.headers.get(SECRET_HEADER)):
                logger.warning(
                    "Refused a request to the Telegram webhook: missing or wrong secret token."
                )
                return response.text("Forbidden.", status=403)
            try:
                update = json.loads(request.body)
            except ValueError:
                return response.text("The body is not JSON.", status=400)
            if not isinstance(update, dict):
                return response.text("The body is not a JSON object.", status=400)
            update_id = update.get("update_id")
            if update_id is not None and not self._seen_updates.first_time(str(update_id)):
                logger.info(
                    f"Telegram delivered update {update_id} again; it was answered already."
                )
                return response.text("ok")
            bot = self.get_output_channel()
            incoming = await self._read_update(update, bot)
            if incoming is None:
                return response.text("ok")
            chat_id, text = incoming
            try:
                await on_new_message(UserMessage(text, bot, chat_id, input_channel=self.name()))
            except Exception as error:  # noqa: BLE001 - Telegram would redeliver on an error status, forever
                logger.error(
                    f"Could not handle a Telegram message: {type(error).__name__}: {self._redact(error)}"
                )
                logger.debug("Details:", exc_info=True)
            return response.text("ok")

        return telegram_webhook

    async def _read_update(
        self, update: Dict[str, Any], bot: TelegramBot
    ) -> Optional[tuple[str, str]]:
        """(chat id, text for Rasa) of a text message or a button press; None for anything else."""
        if "callback_query" in update:
            return await self._read_button_press(update["callback_query"], bot)
        message = update.get("message")
        if not isinstance(message, dict) or not message.get("text") or "chat" not in message:
            return None  # edits, photos, stickers, channel posts... nothing to answer
        text = self._command_to_intent(message["text"].strip())
        if text is None:
            return None
        return str(message["chat"]["id"]), text

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
    ) -> Optional[tuple[str, str]]:
        try:
            # Stops the button's spinner; Telegram expects it within seconds, so before the answer.
            await bot.call("answerCallbackQuery", callback_query_id=query.get("id"))
        except TelegramAPIError as error:
            logger.warning(f"answerCallbackQuery failed: {self._redact(error)}")
        data = query.get("data")
        message = query.get("message") or {}
        chat_id = (message.get("chat") or {}).get("id") or (query.get("from") or {}).get("id")
        if not data or chat_id is None:
            return None
        payload = self.callback_data.decode(data)
        if payload is None:
            # A key from before a restart, for a payload not rendered since: the
            # button's title, read as if typed, is the next best thing.
            payload = self._button_title(message, data)
            if payload is None:
                return None
        return str(chat_id), payload

    @staticmethod
    def _button_title(message: Dict[str, Any], data: str) -> Optional[str]:
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button.get("callback_data") == data:
                    return button.get("text")
        return None
