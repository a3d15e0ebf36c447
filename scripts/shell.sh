#!/usr/bin/env bash
# Terminal chat. Talks to the running assistant if `make run` is up; otherwise
# starts the action server for the length of the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA=.venv/bin/rasa
started=""
if ! curl -fsS http://127.0.0.1:5055/health >/dev/null 2>&1; then
  mkdir -p var/log
  .venv-actions/bin/python -m rasa_sdk --actions actions --port 5055 >var/log/action-server.log 2>&1 &
  started=$!
  trap '[ -n "$started" ] && kill $started 2>/dev/null' EXIT
  for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:5055/health >/dev/null 2>&1 && break; sleep 1; done
fi
$RASA shell --model models/current.tar.gz --endpoints endpoints.yml --port 5006
