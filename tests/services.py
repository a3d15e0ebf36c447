"""Whether the project's local services (PostgreSQL, Redis) answer.

For the tests that skip without them.
"""

import socket

POSTGRES_PORT = 5432
REDIS_PORT = 6379


def listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0
