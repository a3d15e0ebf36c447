"""Custom Rasa server components of the second-opinion assistant.

Importing this package (the Rasa server does, to load the crisis detector in
the NLU pipeline) also installs the action-outage apology: see action_outage.
"""
from components.action_outage import install as _install_action_outage_apology

_install_action_outage_apology()
