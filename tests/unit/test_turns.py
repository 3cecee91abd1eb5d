"""The local front's requests take the runtime's lock in the order they arrived (infra/local/turns.py)."""

from __future__ import annotations

import threading
import time

from infra.local.turns import Turns


def test_requests_are_served_in_the_order_they_queued() -> None:
    turns = Turns()
    served: list[int] = []
    threads = []
    with turns:  # the first request holds its turn while the others queue up one by one
        for i in range(20):
            thread = threading.Thread(target=lambda i=i: _serve(turns, served, i))
            thread.start()
            threads.append(thread)
            while turns.waiting() < i + 1:  # queued before the next one starts
                time.sleep(0.001)
    for thread in threads:
        thread.join(5)
    assert served == list(range(20))
    assert turns.waiting() == 0


def test_a_failing_request_hands_its_turn_on() -> None:
    turns = Turns()
    try:
        with turns:
            raise ValueError("the handler failed")
    except ValueError:
        pass
    done = threading.Event()
    threading.Thread(target=lambda: _enter(turns, done)).start()
    assert done.wait(5)


def _serve(turns: Turns, served: list[int], i: int) -> None:
    with turns:
        served.append(i)


def _enter(turns: Turns, done: threading.Event) -> None:
    with turns:
        done.set()
