"""The embedded default's tracker store: Rasa's SQL tracker store on a SQLite file, tuned.

As configured by Rasa, SQLAlchemy opens a new SQLite connection for every read
and every write (NullPool, its default for files), and every commit waits for
the disk in rollback-journal mode. Under `make bench` load that was a large
share of the Rasa server's time (docs/performance.md has the profile). Here:
- connections are pooled (the server reads and writes from its event-loop
  thread; the health check pings from a worker thread, hence
  check_same_thread=False);
- the database is in WAL mode with synchronous=NORMAL: a commit survives a
  crash or restart of the server (tests/integration/test_persistence.py), and
  only a power cut or OS crash could lose the last turns not yet on disk;
- a busy timeout, so the retention command can run beside the server;
- the database file's folder (var/ by default) is created if missing, so
  `rasa run` and `rasa shell` work in a fresh clone without `make run`.

Everything else (schema, queries, deletion in stores.conversation_store)
is Rasa's SQLTrackerStore.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain


def _set_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class SQLiteTrackerStore(SQLTrackerStore):
    """Rasa's SQLTrackerStore on a SQLite file, with pooled connections and WAL."""

    # Set by SQLTrackerStore.__init__ (mypy cannot infer it from there).
    engine: sa.engine.Engine

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        db: Text = "rasa.db",
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain, dialect="sqlite", db=db, event_broker=event_broker)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url,
            poolclass=sa.pool.QueuePool,
            pool_size=2,
            max_overflow=4,
            connect_args={"check_same_thread": False},
        )
        sa.event.listen(self.engine, "connect", _set_pragmas)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
