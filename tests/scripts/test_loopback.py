"""The loopback helpers the tests and `make bench` start their servers with."""

import socket
import subprocess
import sys

import pytest

from scripts.loopback import ServerDidNotStart, free_port, stop, wait_until_up


def test_a_free_port_can_be_listened_on():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()


def _start(code: str, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=open(log, "w"), stderr=subprocess.STDOUT
    )


def test_waits_until_the_server_answers(tmp_path):
    port = free_port()
    # A server that opens its port only after a second, as Rasa does after loading.
    code = (
        "import http.server, time; time.sleep(1); "
        f"http.server.HTTPServer(('127.0.0.1', {port}), "
        "http.server.SimpleHTTPRequestHandler).serve_forever()"
    )
    process = _start(code, tmp_path / "server.log")
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, tmp_path / "server.log", seconds=60)
        assert process.poll() is None
    finally:
        stop(process)
    assert process.poll() is not None


def test_a_server_that_exits_is_reported_with_its_log(tmp_path):
    log = tmp_path / "server.log"
    process = _start("import sys; print('cannot open the model'); sys.exit(3)", log)
    with pytest.raises(ServerDidNotStart, match="exited with 3") as raised:
        wait_until_up(f"http://127.0.0.1:{free_port()}/", process, log, seconds=60)
    assert "cannot open the model" in str(raised.value)


def test_a_server_that_never_answers_times_out(tmp_path):
    log = tmp_path / "server.log"
    process = _start("import time; time.sleep(60)", log)
    try:
        with pytest.raises(ServerDidNotStart, match="did not come up in 2 s"):
            wait_until_up(f"http://127.0.0.1:{free_port()}/", process, log, seconds=2)
    finally:
        stop(process, seconds=5)


def test_stop_kills_a_process_that_ignores_sigterm(tmp_path):
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    stop(process, seconds=0.5)
    assert process.returncode == -9
    process.stdout.close()
