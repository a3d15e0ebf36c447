#!/usr/bin/env bash
# Start the action server, the Rasa server (REST + socket.io on 127.0.0.1:5005)
# and the web chat page (127.0.0.1:8080), wait until all answer, tell the user
# where to chat, and stop them all on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA=.venv/bin/rasa
# The action server runs from its own slim environment (no Rasa, no TensorFlow).
ACTIONS_PY=.venv-actions/bin/python
HOST=${RASA_HOST:-127.0.0.1}
PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
WEB_PORT=${WEB_PORT:-8080}
# The page's origin: the only one whose scripts may call Rasa from a browser
# (with its localhost spelling, which a user may type instead).
WEB_ORIGIN="http://127.0.0.1:$WEB_PORT"
WEB_ORIGINS=("$WEB_ORIGIN" "http://localhost:$WEB_PORT")
LOG_DIR=var/log
mkdir -p "$LOG_DIR"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping the assistant..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped."
}
trap stop_all INT TERM EXIT

wait_for() {  # url name pid
  for _ in $(seq 1 180); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "The $2 stopped while starting; see $LOG_DIR/$2.log" >&2; exit 1
    fi
    sleep 1
  done
  echo "The $2 did not start within 3 minutes; see $LOG_DIR/$2.log" >&2; exit 1
}

for port in "$ACTIONS_PORT" "$PORT" "$WEB_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (another 'make run'?). Stop that first." >&2
    exit 1
  fi
done

echo "Starting the action server on 127.0.0.1:$ACTIONS_PORT ..."
$ACTIONS_PY -m rasa_sdk --actions actions --port "$ACTIONS_PORT" >"$LOG_DIR/action-server.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" action-server "${pids[-1]}"

# Rasa's HTTP API (read and change any conversation, replace the model) is off
# unless ENABLE_API=1, and then only with a token or a JWT secret.
api_args=()
if [ "${ENABLE_API:-0}" = 1 ]; then
  if [ -n "${RASA_API_TOKEN:-}" ]; then
    api_args=(--enable-api --auth-token "$RASA_API_TOKEN")
  elif [ -n "${RASA_JWT_SECRET:-}" ]; then
    api_args=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method HS256)
  else
    echo "ENABLE_API=1 needs RASA_API_TOKEN or RASA_JWT_SECRET: the HTTP API can read and change every conversation." >&2
    exit 1
  fi
  echo "Rasa's HTTP API is ON and needs the token. Do not expose port $PORT beyond this machine."
fi

echo "Starting the Rasa server on $HOST:$PORT (this takes about a minute) ..."
# --cors: the web page is served from another origin (port); browsers let its
# socket.io requests read Rasa's answers only if Rasa names that origin.
$RASA run --model models/current.tar.gz -i "$HOST" --port "$PORT" \
  --credentials credentials.yml --endpoints "${RASA_ENDPOINTS:-endpoints.yml}" "${api_args[@]}" \
  --cors "${WEB_ORIGINS[@]}" \
  >"$LOG_DIR/rasa-server.log" 2>&1 &
pids+=($!)
wait_for "http://$HOST:$PORT/" rasa-server "${pids[-1]}"

echo "Serving the web chat page on $WEB_ORIGIN ..."
.venv/bin/python scripts/serve_web.py --host 127.0.0.1 --port "$WEB_PORT" \
  --socket-url "http://$HOST:$PORT" >"$LOG_DIR/web.log" 2>&1 &
pids+=($!)
wait_for "$WEB_ORIGIN/" web "${pids[-1]}"

cat <<MSG

The Second Opinion Guide is running.
  Chat in a browser:     $WEB_ORIGIN/
  Chat in the terminal:  make shell        (in another terminal)
  REST API:              curl -s -X POST http://$HOST:$PORT/webhooks/rest/webhook \\
                           -H 'Content-Type: application/json' \\
                           -d '{"sender": "me", "message": "hello"}'
  socket.io:             http://$HOST:$PORT/socket.io
  Health:                http://$HOST:$PORT/health   (503 if conversations can't be saved)
  Logs:                  $LOG_DIR/
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "A server stopped unexpectedly; see $LOG_DIR/." >&2
exit 1
