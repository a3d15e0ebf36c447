"""A failing custom action becomes an apology (the Rasa side of an action-server outage)."""

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import rasa_extensions
from rasa_extensions.action_outage import APOLOGY
from scripts.loopback import free_port


async def test_unreachable_action_server_gives_an_apology():
    domain = Domain.from_yaml("version: '3.1'\nactions:\n- action_answer_coverage\n")
    action = RemoteAction(
        # Nothing listens on a free port: the action server is down.
        "action_answer_coverage",
        EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"),
    )
    events = await action.run(
        CollectingOutputChannel(),
        TemplatedNaturalLanguageGenerator(domain.responses),
        DialogueStateTracker("someone", domain.slots),
        domain,
    )
    assert len(events) == 1 and isinstance(events[0], BotUttered)
    assert events[0].text == APOLOGY


def test_install_is_idempotent():
    first = RemoteAction.run
    rasa_extensions.install()
    assert RemoteAction.run is first
