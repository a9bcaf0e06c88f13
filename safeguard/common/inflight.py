"""Requests the server is still answering, counted so that a browser test can wait for them.

A browser test may end while a request it started is still running: a draft saved as a box is
ticked, say. The test's teardown then empties the database with TRUNCATE, which takes every
table's lock in turn, while that request holds a row of one table and waits for another: a
deadlock, and "couldn't be flushed". The test settings put this middleware first, and the
browser fixtures wait for `wait_until_idle()` after closing the browser's context.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

_idle = threading.Condition()
_in_flight = 0


class InFlightMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        global _in_flight
        with _idle:
            _in_flight += 1
        try:
            return self.get_response(request)
        finally:
            with _idle:
                _in_flight -= 1
                _idle.notify_all()


def wait_until_idle(timeout: float = 10.0) -> bool:
    """True once no request is being answered (False if `timeout` seconds pass first)."""
    with _idle:
        return _idle.wait_for(lambda: _in_flight == 0, timeout)
