"""When the action server is down, the user gets a short apology instead of silence.

Rasa 3.6 logs a failed custom action and carries on without a word to the
user ("Bot will continue, but the actions events are lost"). This wraps
RemoteAction.run so that a failure (server down, refused, erroring) becomes a
short apology and the conversation goes on; when the action server is back,
the next message works again without a restart, since nothing is cached.

It is installed when the `components` package is imported, which the Rasa
server does when it loads the model (components.crisis_detector is in the
pipeline). Form rejections (ActionExecutionRejection) pass through untouched:
they are how forms hand a digression to the rules.
"""
from __future__ import annotations

import logging

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered

logger = logging.getLogger(__name__)

APOLOGY = ("Sorry, I can't do that right now: part of me isn't responding. Please try again in a minute. "
           "Meanwhile, your plan's member services (the number on your insurance card) can answer coverage questions.")

_MARK = "_second_opinion_outage_apology"


def install() -> None:
    if getattr(RemoteAction.run, _MARK, False):
        return
    original_run = RemoteAction.run

    async def run_or_apologise(self, output_channel, nlg, tracker, domain):
        try:
            return await original_run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of the remote call
            # The action's name and the error type only: never the message text.
            logger.error("Custom action '%s' failed (%s); the user gets an apology.",
                         self.name(), type(error).__name__)
            return [BotUttered(APOLOGY, metadata={"action_outage": True})]

    setattr(run_or_apologise, _MARK, True)
    RemoteAction.run = run_or_apologise
