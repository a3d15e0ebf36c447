"""What the server last saw of its tracker store: read by GET /health, set by the store guard."""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, Optional

logger = logging.getLogger(__name__)


class StoreHealth:
    """Whether the tracker store answered the last time it was used (one per process)."""

    def __init__(self) -> None:
        self.healthy = True
        self.failed_at: Optional[float] = None
        self.error_type: Optional[str] = None

    def ok(self) -> None:
        """Record a successful read or write (logged once when the store is back)."""
        if not self.healthy:
            logger.warning("The tracker store answers again; conversations are being saved.")
        self.healthy, self.failed_at, self.error_type = True, None, None

    def failed(self, error: Exception) -> None:
        """Record a failed read or write; only the error's type is kept, never its message."""
        self.healthy = False
        self.failed_at = time.time()
        self.error_type = type(error).__name__

    def as_dict(self) -> Dict[str, Any]:
        """The state as GET /health reports it."""
        return {
            "tracker_store": "ok" if self.healthy else "unavailable",
            "error": self.error_type,
            "since": self.failed_at,
        }


TRACKER_STORE_HEALTH = StoreHealth()
