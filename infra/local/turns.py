"""Requests take the runtime's lock in the order they arrived.

Every HTTP request runs its handler under the runtime's one lock (moto is not thread-safe). A plain lock
is not fair: with two hundred clients waiting, some requests win it again and again while others wait
past their client's timeout (the load bench saw reads waiting 90 s and more). `Turns` queues the front's
requests first come, first served: each waits for the ones before it, no longer.
"""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class Turns:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._taken = False

    def __enter__(self) -> None:
        with self._mutex:
            if not self._taken:
                self._taken = True
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # handed over by the one before: the turn is ours without a race

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._taken = False

    def waiting(self) -> int:
        with self._mutex:
            return len(self._waiting)
