"""Servers on 127.0.0.1 for the tests and `make bench`.

A free port, waiting until a server answers, stopping it. Standard library
only, so any of the project's environments can import it.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerDidNotStart(RuntimeError):
    """A server exited, or did not answer in time; the message ends with its log's tail."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the moment of the call."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log: Path, characters: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-characters:]
    except OSError:
        return f"(no log at {log})"


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 240.0) -> None:
    """Wait until `url` answers HTTP 200.

    Args:
        url: a URL of the server that answers 200 once it is ready, e.g. its /health.
        process: the server's process; if it exits, waiting ends at once.
        log: the file the server writes its output to, quoted in the error.
        seconds: how long to wait at most.

    Raises:
        ServerDidNotStart: the process exited, or `url` did not answer in time.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(
                f"{url}: the server exited with {process.returncode}:\n{_log_tail(log)}"
            )
        try:
            with _OPENER.open(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise ServerDidNotStart(f"{url} did not come up in {seconds:g} s:\n{_log_tail(log)}")


def stop(process: subprocess.Popen, seconds: float = 20.0) -> None:
    """Ask the process to end (SIGTERM); kill it if it has not after `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
