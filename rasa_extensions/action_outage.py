"""When the action server is down or slow, the user gets a short apology instead of silence.

Replaces: rasa.core.actions.action.RemoteAction.run.
Upstream, a failed custom action is logged and the conversation carries on
without a word to the user ("Bot will continue, but the actions events are
lost"). Here a failure (server down, refused, erroring) becomes a short
apology and the conversation goes on; when the action server is back, the
next message works again without a restart, since nothing is cached. Form
rejections (ActionExecutionRejection) pass through untouched: they are how
forms hand a digression to the rules.

Slow: Rasa waits up to 5 minutes for an action (DEFAULT_REQUEST_TIMEOUT); a
worried user should not. After ACTION_SERVER_TIMEOUT seconds (env, default
10; above the NPI Registry client's own 5 s, so a slow registry still gets its
own, more specific answer from the action) the call is given up and the user
gets the same apology. Our actions only read, so giving up is safe.
"""

from __future__ import annotations

import asyncio
import logging
import os

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered

logger = logging.getLogger(__name__)

APOLOGY = (
    "Sorry, I can't do that right now: part of me isn't responding. Please try again in a minute. "
    "Meanwhile, your plan's member services (the number on your insurance card) can answer "
    "coverage questions."
)

DEFAULT_TIMEOUT_SECONDS = 10.0


def action_timeout_seconds() -> float:
    """ACTION_SERVER_TIMEOUT from the environment (at least 0.1 s), else the default."""
    try:
        return max(0.1, float(os.environ.get("ACTION_SERVER_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS


def install() -> None:
    """Wrap RemoteAction.run (called once, by rasa_extensions.install)."""
    original_run = RemoteAction.run

    async def run_or_apologise(self, output_channel, nlg, tracker, domain):
        try:
            return await asyncio.wait_for(
                original_run(self, output_channel, nlg, tracker, domain),
                timeout=action_timeout_seconds(),
            )
        except ActionExecutionRejection:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of the remote call
            # The action's name and the error type only: never the message text.
            logger.error(
                "Custom action '%s' failed (%s); the user gets an apology.",
                self.name(),
                type(error).__name__,
            )
            return [BotUttered(APOLOGY, metadata={"action_outage": True})]

    RemoteAction.run = run_or_apologise
