"""Custom Rasa server components of the second-opinion assistant.

Importing this package (the Rasa server does, to load the crisis detector in
the NLU pipeline) also installs the server-side behaviour Rasa 3.6 lacks:
- action_outage: an apology instead of silence when the action server is
  down or slow;
- action_response_schema: the action server's answers validated against a
  compiled schema (Rasa re-checks the schema itself on every call);
- message_length: a clear reply to messages over the length cap;
- forget_me: "delete my data" removes the conversation from the tracker store;
- tracker_store_guard: an apology and an unhealthy /health, instead of
  silently forgetting, when the tracker store is unavailable.
"""
from components import action_outage, action_response_schema, forget_me, message_length, tracker_store_guard

action_outage.install()
action_response_schema.install()
message_length.install()
forget_me.install()
# Last, so that it is the outermost wrapper of handle_message: a store failure
# while deleting a conversation is reported like any other.
tracker_store_guard.install()
