"""Appends from many connections at once on PostgreSQL: none waits for another's transaction,
the chains they build verify, and tampering with any of them is still named.

Threads each with a connection of their own, as gunicorn's threads and workers have; committed
for real (transactional_db), because row locks only show between transactions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from safeguard.audit.models import AuditEntry, AuditHead
from safeguard.audit.services import AUDIT_CHAINS, audit_lock, audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
    ),
]

THREADS = 8
EACH = 25


@pytest.fixture(autouse=True)
def chains():
    """The chains as migration 0004 leaves them (a transactional test empties every table)."""
    AuditHead.objects.bulk_create(
        [AuditHead(id=n) for n in range(1, AUDIT_CHAINS + 1)], ignore_conflicts=True
    )


def _in_threads(count: int, work: Callable[[int], None]) -> None:
    """Run work(0..count-1) at once, each on its own connection; re-raise the first failure."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _read(index: int) -> None:
    audit_record(action="read", object_type="people.person", object_id=index, child_id=index)


def _writes_at_once(index: int) -> None:
    for _ in range(EACH):
        with transaction.atomic():
            _read(index)
            # The rest of a write: the chain stays held until the transaction ends.
            time.sleep(0.002)


def test_appends_from_many_connections_at_once_verify(capsys):
    _in_threads(THREADS, _writes_at_once)
    assert AuditEntry.objects.count() == THREADS * EACH
    chains = set(AuditEntry.objects.values_list("chain", flat=True))
    assert len(chains) > 1, "appends at once were queued on one chain"
    for chain in chains:
        numbers = list(
            AuditEntry.objects.filter(chain=chain)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    call_command("verify_audit")
    assert f"audit trail intact: {THREADS * EACH} entries verified" in capsys.readouterr().out


def test_tampering_with_any_chain_written_at_once_is_named(capsys):
    _in_threads(THREADS, _writes_at_once)
    chain = AuditEntry.objects.exclude(chain=1).values_list("chain", flat=True).first()
    assert chain is not None
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # around the trigger
        cursor.execute(
            "UPDATE audit_auditentry SET actor_username = 'someone.else'"
            " WHERE chain = %s AND sequence = 1",
            [chain],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match="problem"):
        call_command("verify_audit")
    assert f"TAMPERED chain {chain} entry 1: altered" in capsys.readouterr().err


def test_an_append_does_not_wait_for_another_transaction_still_open():
    holding, release = threading.Event(), threading.Event()
    appended_while_held: list[bool] = []

    def work(index: int) -> None:
        if index == 0:
            with transaction.atomic():
                _read(0)  # holds its chain until it commits
                holding.set()
                release.wait(10)
        else:
            holding.wait(10)
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            _read(1)
            appended_while_held.append(not release.is_set())
            release.set()

    _in_threads(2, work)
    assert appended_while_held == [True]
    assert set(AuditEntry.objects.values_list("chain", flat=True)) == {1, 2}
    call_command("verify_audit")


def test_a_read_then_append_queues_only_behind_another_read_then_append():
    holding, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def work(index: int) -> None:
        if index == 0:
            with audit_lock():
                _read(0)
                holding.set()
                release.wait(10)
            return
        holding.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '500ms'")
        _read(1)  # an ordinary append goes on
        outcomes["append"] = "done"
        try:
            with audit_lock():
                outcomes["lock"] = "taken"
        except DatabaseError:
            outcomes["lock"] = "waited"
        release.set()

    _in_threads(2, work)
    assert outcomes == {"append": "done", "lock": "waited"}


# --- A thread's own chain, one statement an append ----------------------------------------------


def _reads(index: int) -> None:
    for _ in range(EACH * 2):
        _read(index)  # each its own statement, as a page's read is


def test_a_threads_next_read_is_one_statement_on_its_own_chain(capsys):
    def work(index: int) -> None:
        _read(index)
        with CaptureQueriesContext(connection) as queries:
            _read(index)
            _read(index)
        assert [query["sql"][:9] for query in queries] == ["WITH held", "WITH held"]

    _in_threads(1, work)
    assert list(AuditEntry.objects.values_list("chain", "sequence")) == [(1, 1), (1, 2), (1, 3)]
    call_command("verify_audit")
    assert "audit trail intact: 3 entries verified" in capsys.readouterr().out


def test_reads_from_many_threads_at_once_part_onto_chains_and_verify(capsys):
    _in_threads(THREADS, _reads)
    assert AuditEntry.objects.count() == THREADS * EACH * 2
    chains = set(AuditEntry.objects.values_list("chain", flat=True))
    assert len(chains) > 1, "reads at once were all appended on one chain"
    for chain in chains:
        numbers = list(
            AuditEntry.objects.filter(chain=chain)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    call_command("verify_audit")
    assert f"audit trail intact: {THREADS * EACH * 2} entries verified" in capsys.readouterr().out


def test_an_append_after_another_thread_wrote_on_its_chain_links_to_that_entry(capsys):
    mine_first, theirs_done = threading.Event(), threading.Event()

    def work(index: int) -> None:
        if index == 0:
            _read(0)  # chain 1 is this thread's
            mine_first.set()
            theirs_done.wait(10)
            _read(0)  # chain 1 has moved on: not as this thread left it
        else:
            mine_first.wait(10)
            _read(1)  # the lowest free chain: chain 1 too
            theirs_done.set()

    _in_threads(2, work)
    assert list(AuditEntry.objects.values_list("chain", "sequence", "object_id")) == [
        (1, 1, "0"),
        (1, 2, "1"),
        (1, 3, "0"),
    ]
    call_command("verify_audit")
    assert "audit trail intact: 3 entries verified" in capsys.readouterr().out


def test_a_head_held_by_another_transaction_is_skipped_not_waited_for(capsys):
    holding, release = threading.Event(), threading.Event()
    chains: dict[int, int] = {}

    def work(index: int) -> None:
        if index == 0:
            _read(0)
            holding.wait(10)  # thread 1 holds chain 1 now
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            _read(0)
            chains[0] = AuditEntry.objects.order_by("-id").values_list("chain", flat=True)[0]
            release.set()
        else:
            with transaction.atomic():
                AuditHead.objects.select_for_update().get(id=1)
                holding.set()
                release.wait(10)

    _in_threads(2, work)
    assert chains[0] != 1
    call_command("verify_audit")
    assert "audit trail intact: 2 entries verified" in capsys.readouterr().out
