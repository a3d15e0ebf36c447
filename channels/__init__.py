"""Input channels of the second-opinion assistant, named by class path in credentials.yml.

- rest, socketio: Rasa's channels with their input checked first (validation.py)
  and an optional client message id;
- slack, telegram: chat-app connectors with every option of Rasa's, secrets from
  environment variables only (common.py). An unconfigured connector still mounts
  its webhook, which answers 503 with a "not configured" body, so one
  credentials.yml serves every set-up;
- delivery: a message with a key (a client's id, Slack's timestamp, Telegram's
  update id) is processed once, however often it arrives;
- health: GET /health, whether conversations can be kept.
"""
