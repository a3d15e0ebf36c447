"""Input channels of the second-opinion assistant, named by class path in credentials.yml.

- rest, socketio: Rasa's channels with their input checked first (validation.py);
- health: GET /health, whether conversations can be kept;
- slack, telegram: chat-app connectors configured only through environment
  variables. An unconfigured connector still mounts its webhook, which answers
  503 with a "not configured" body, so one credentials.yml serves every set-up.
"""
