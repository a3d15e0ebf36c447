"""Every change this project makes to Rasa's own behaviour, in one place.

Rasa 3.6 offers config entries for most extensions (pipeline components,
tracker and lock stores, input channels), and the project uses them. The
behaviours below can only be changed by replacing a Rasa function, so each
module here replaces one or two, names them in its docstring and says why:

- action_outage: RemoteAction.run. An apology instead of silence when the
  action server is down or slow.
- action_response_schema: RemoteAction._validate_action_result. The action
  server's answers are checked against a schema compiled once.
- message_length: MessageProcessor.parse_message. Messages over the length
  cap skip the NLU pipeline (the crisis-language net still runs).
- forget_me: actions.action_for_name_or_text and
  MessageProcessor.handle_message. "Delete my data" removes the conversation.
- tracker_store_guard: FailSafeTrackerStore's methods and
  MessageProcessor.handle_message. An apology and an unhealthy /health
  instead of silently forgetting when the tracker store fails.
- data_files: rasa.shared.data._find_data_files_in_directory. `rasa test`
  walks the project folder; the virtualenv and generated folders are skipped.

`install()` applies them all, in a fixed order, after checking that the
installed Rasa is the one they were written against. It is called from one
place: the pipeline component components.server_extensions.ServerExtensions,
first in config.yml, so every command that loads the model (`rasa run`,
`rasa shell`, `rasa interactive`, `rasa test`, `make run`) runs with them.
Importing this package changes nothing.
"""

from __future__ import annotations

import rasa

SUPPORTED_RASA_VERSION = "3.6.21"

_installed = False


class UnsupportedRasaVersion(SystemExit):
    """The installed Rasa is not the version the extensions were written for."""


def check_rasa_version(version: str | None = None) -> None:
    """Raise UnsupportedRasaVersion unless Rasa is exactly SUPPORTED_RASA_VERSION.

    The replaced functions are private to Rasa and change between releases: a
    patch applied to another release could silently do the wrong thing.
    """
    installed = version if version is not None else rasa.__version__
    if installed != SUPPORTED_RASA_VERSION:
        raise UnsupportedRasaVersion(
            f"This assistant needs Rasa {SUPPORTED_RASA_VERSION}, but Rasa {installed} is "
            f"installed. Its changes to Rasa (rasa_extensions/) were written for "
            f"{SUPPORTED_RASA_VERSION} only. Run `make install` to install the pinned version."
        )


def install() -> None:
    """Apply every extension once; later calls do nothing."""
    global _installed
    if _installed:
        return
    check_rasa_version()
    from rasa_extensions import (
        action_outage,
        action_response_schema,
        data_files,
        forget_me,
        message_length,
        tracker_store_guard,
    )

    action_outage.install()
    action_response_schema.install()
    message_length.install()
    forget_me.install()
    # Last of the handle_message wrappers, so it is the outermost: a store
    # failure while deleting a conversation is reported like any other.
    tracker_store_guard.install()
    data_files.install()
    _installed = True
