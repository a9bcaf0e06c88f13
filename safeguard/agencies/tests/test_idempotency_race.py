"""Retries racing each other: ten copies of one bulk request with the same Idempotency-Key,
sent at once (a partner's client timing out and retrying), all get the first answer and the
rows are stored once. Before, 4-6 of 10 got a 500 (the unique key's IntegrityError)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from safeguard.agencies.models import PartnerBatch, PartnerSubmission

from .examples import submission

RETRIES = 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    # The test database is SQLite in memory, shared between threads through one cache,
    # whose table locks fail a second writer at once ("database table is locked") instead
    # of making it wait as a file database (and PostgreSQL) do: a race cannot be run there.
    reason="needs a database that makes concurrent writers wait (PostgreSQL)",
)
def test_concurrent_bulk_retries_with_one_key_all_get_the_first_answer(partner):
    body = {
        "rows": [
            submission("attendance_concern"),
            submission("missed_health_appointment", last_name="Second-Test"),
        ]
    }
    start = threading.Barrier(RETRIES)
    answers: list[tuple[int, object]] = []
    lock = threading.Lock()

    def retry() -> None:
        try:
            start.wait()
            response = partner.post("/api/events/bulk", body, HTTP_IDEMPOTENCY_KEY="night-42")
            with lock:
                answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=retry) for _ in range(RETRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _ in answers] == [200] * RETRIES
    first = answers[0][1]
    assert all(answer == first for _, answer in answers)
    assert PartnerBatch.objects.count() == 1
    assert PartnerSubmission.objects.count() == 2
