"""A small thread-safe LRU cache keyed on the data version, for metric results, charts and rendered JSON.

Every key includes the data version (`AnalyticsDB.state().version`, which moves when an ingest run
finishes), so entries of older data are never returned; `prune` drops them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class VersionedCache:
    """LRU mapping (version, key) -> value with at most `size` entries."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._version: str | None = None
        self._flights: dict[tuple[str, Hashable], threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, version: str, key: Hashable) -> Any | None:
        """The cached value, or None."""
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            found = self._items.get((version, key))
            if found is not None:
                self._items.move_to_end((version, key))
                self.hits += 1
            else:
                self.misses += 1
            return found

    def put(self, version: str, key: Hashable, value: Any) -> None:
        """Store a value (dropped if the version moved on meanwhile)."""
        with self._lock:
            if self._version not in (None, version):
                return
            self._version = version
            self._items[(version, key)] = value
            self._items.move_to_end((version, key))
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_compute(self, version: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value, or compute, store and return it.

        Single flight: concurrent callers of the same missing key wait for one computation instead of
        each running it (a burst of requests after an ingest run costs one metric run, not one per request).
        """
        found = self.get(version, key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        with self._lock:
            flight = self._flights.setdefault((version, key), threading.Lock())
        with flight:
            found = self.get(version, key)
            if found is not None:
                return found  # type: ignore[no-any-return]
            try:
                value = compute()
                self.put(version, key, value)
            finally:
                with self._lock:
                    self._flights.pop((version, key), None)
        return value

    def __len__(self) -> int:
        return len(self._items)
