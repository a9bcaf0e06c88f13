"""verify_audit finds every kind of tampering, names where (chain and entry), and exits
non-zero; with several chains, an entry or a whole chain moved or cut off is caught too."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safeguard.audit import services
from safeguard.audit.models import AuditEntry, AuditHead
from safeguard.audit.services import AuditRecord, audit_append, audit_record

pytestmark = pytest.mark.django_db


@contextmanager
def tampering():
    """Act as a database administrator would: around the append-only trigger on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def trail():
    audit_append(
        [
            AuditRecord(
                action="read",
                actor_id=7,
                actor_username="sw.demo",
                object_type="people.person",
                object_id=str(n),
                child_id=n,
            )
            for n in range(1, 11)
        ]
    )


def _verify(*args: str) -> str:
    call_command("verify_audit", *args)
    return "ok"


def _tampered(capsys, *args: str) -> str:
    with pytest.raises(CommandError, match="problem"):
        call_command("verify_audit", *args)
    return capsys.readouterr().err


def test_an_intact_trail_verifies(trail, capsys):
    call_command("verify_audit")
    assert "audit trail intact: 10 entries verified on 1 chain" in capsys.readouterr().out


def test_an_empty_trail_verifies(capsys):
    call_command("verify_audit")
    assert "0 entries verified" in capsys.readouterr().out


def test_an_altered_entry_is_named(trail, capsys):
    with tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_username = 'someone.else' WHERE sequence = 4"
        )
    assert "TAMPERED chain 1 entry 4: altered" in _tampered(capsys)


def test_a_deleted_entry_is_named(trail, capsys):
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 6")
    assert "TAMPERED chain 1 entry 7: deleted: entries 6 are missing" in _tampered(capsys)


def test_an_inserted_entry_is_named(trail, capsys):
    # Squeeze a forged entry in by renumbering the ones after it, as an insider might.
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditentry SET sequence = sequence + 100 WHERE sequence > 5")
        cursor.execute("UPDATE audit_auditentry SET sequence = sequence - 99 WHERE sequence > 100")
        entry = AuditEntry.objects.get(sequence=5)
        entry.pk, entry.sequence, entry.previous_mac = None, 6, entry.mac
        entry.mac = "f" * 64
        entry.save()
        cursor.execute("UPDATE audit_audithead SET sequence = 11 WHERE id = 1")
    err = _tampered(capsys)
    assert "TAMPERED chain 1 entry 6: altered" in err
    assert "TAMPERED chain 1 entry 7: inserted" in err


def test_a_truncated_trail_is_named(trail, capsys):
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > 8")
    err = _tampered(capsys)
    assert "TAMPERED chain 1 entry 8: truncated: the chain ends at entry 8 but 10" in err


def test_truncation_with_a_rewritten_head_is_caught_by_an_external_checkpoint(
    trail, capsys, tmp_path
):
    checkpoint = tmp_path / "audit-checkpoints.jsonl"
    call_command("verify_audit", "--write-checkpoint", str(checkpoint))
    assert json.loads(checkpoint.read_text())["chains"]["1"]["sequence"] == 10
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > 8")
        eighth = AuditEntry.objects.get(sequence=8)
        cursor.execute(
            "UPDATE audit_audithead SET sequence = 8, mac = %s WHERE id = 1", [eighth.mac]
        )
    call_command("verify_audit")  # the head alone cannot tell
    err = _tampered(capsys, "--checkpoint", str(checkpoint))
    assert "TAMPERED chain 1 entry 10: truncated" in err


def test_a_checkpoint_written_before_there_were_chains_is_read_as_chain_ones(
    trail, capsys, tmp_path
):
    tenth = AuditEntry.objects.get(sequence=10)
    checkpoint = tmp_path / "audit-checkpoints.jsonl"
    checkpoint.write_text(json.dumps({"sequence": 10, "mac": tenth.mac}) + "\n")
    call_command("verify_audit", "--checkpoint", str(checkpoint))
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > 8")
        eighth = AuditEntry.objects.get(sequence=8)
        cursor.execute(
            "UPDATE audit_audithead SET sequence = 8, mac = %s WHERE id = 1", [eighth.mac]
        )
    assert "TAMPERED chain 1 entry 10: truncated" in _tampered(
        capsys, "--checkpoint", str(checkpoint)
    )


def test_audit_entries_cannot_be_updated_or_deleted_on_postgresql(trail):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL")
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(sequence=1).update(reason="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(sequence=1).delete()


def test_audit_record_chains_each_entry_to_the_last(rf, django_user_model):
    user = django_user_model.objects.create_user(username="tm.demo", password="x" * 20)
    request = rf.get("/children/1", HTTP_USER_AGENT="Firefox", REMOTE_ADDR="10.1.2.3")
    audit_record(
        action="read",
        actor=user,
        request=request,
        object_type="people.person",
        object_id=1,
        child_id=1,
    )
    audit_record(
        action="break_glass",
        actor=user,
        request=request,
        object_type="people.person",
        object_id=2,
        child_id=2,
        reason="Out-of-hours call from police",
    )
    first, second = AuditEntry.objects.order_by("sequence")
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.previous_mac == first.mac
    assert (second.actor_username, second.ip_address, second.user_agent, second.reason) == (
        "tm.demo",
        "10.1.2.3",
        "Firefox",
        "Out-of-hours call from police",
    )
    assert AuditHead.objects.get(id=1).sequence == 2


def test_entries_written_with_a_local_time_zone_verify(capsys):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    summer = datetime(2024, 7, 1, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    audit_append([AuditRecord(action="read", actor_id=1, actor_username="x", at=summer)])
    call_command("verify_audit")
    assert "1 entries verified" in capsys.readouterr().out


# --- several chains ----------------------------------------------------------------------------


@pytest.fixture
def on_chain(monkeypatch):
    """Append to a chain of the test's choosing, as an append does when the chains before it
    are held by other transactions (which one SQLite connection cannot show)."""

    def append(chain: int, count: int) -> None:
        AuditHead.objects.get_or_create(id=chain)
        monkeypatch.setattr(
            services,
            "_chain_head_locked",
            lambda own=None: AuditHead.objects.select_for_update().get(id=chain),
        )
        # Not on the chain the thread last wrote (PostgreSQL's one-statement append), nor
        # leaving that chain as the thread's own for the appends after.
        monkeypatch.setattr(services, "_own_head", lambda: None)
        monkeypatch.setattr(services, "_own_head_keep", lambda head: None)
        audit_append(
            [
                AuditRecord(action="read", actor_id=chain, object_type="people.person")
                for _ in range(count)
            ]
        )
        monkeypatch.undo()

    return append


def test_several_chains_verify_each_on_its_own(on_chain, capsys):
    on_chain(1, 3)
    on_chain(2, 4)
    on_chain(1, 2)
    assert list(AuditEntry.objects.filter(chain=2).values_list("sequence", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    call_command("verify_audit")
    assert "audit trail intact: 9 entries verified on 2 chains" in capsys.readouterr().out


def test_an_entry_moved_to_another_chain_is_named(on_chain, capsys):
    # Chain 2's third entry renumbered as chain 1's next: the sequence and MAC fit, the link
    # cannot (chain 2's entries link back to chain 2's keyed genesis, not to chain 1).
    on_chain(1, 2)
    on_chain(2, 3)
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditentry SET chain = 1 WHERE chain = 2 AND sequence = 3")
        cursor.execute("UPDATE audit_audithead SET sequence = 2 WHERE id = 2")
        cursor.execute("UPDATE audit_audithead SET sequence = 3 WHERE id = 1")
    err = _tampered(capsys)
    assert "TAMPERED chain 1 entry 3: inserted: it does not link to the entry before it" in err


def test_a_whole_chain_passed_off_as_another_is_named(on_chain, capsys):
    on_chain(2, 3)
    second = AuditHead.objects.get(id=2)
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditentry SET chain = 3 WHERE chain = 2")
        AuditHead.objects.update_or_create(
            id=3, defaults={"sequence": second.sequence, "mac": second.mac}
        )
        AuditHead.objects.filter(id=2).update(sequence=0, mac="")
    assert "TAMPERED chain 3 entry 1: inserted" in _tampered(capsys)


def test_a_chain_deleted_with_its_head_is_caught_by_an_external_checkpoint(
    on_chain, capsys, tmp_path
):
    on_chain(1, 2)
    on_chain(2, 3)
    checkpoint = tmp_path / "audit-checkpoints.jsonl"
    call_command("verify_audit", "--write-checkpoint", str(checkpoint))
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE chain = 2")
        cursor.execute("DELETE FROM audit_audithead WHERE id = 2")
    call_command("verify_audit")  # the heads alone cannot tell
    err = _tampered(capsys, "--checkpoint", str(checkpoint))
    assert "TAMPERED chain 2 entry 3: truncated" in err


def test_entries_on_a_chain_with_no_head_are_named(on_chain, capsys):
    on_chain(2, 2)
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_audithead WHERE id = 2")
    assert "TAMPERED chain 2 entry 2: inserted: entries after 0" in _tampered(capsys)


def test_a_write_that_rolls_back_takes_its_entry_and_leaves_the_chain_whole(capsys):
    from django.db import transaction

    audit_record(action="read", object_type="people.person", object_id=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="update", object_type="cases.referral", object_id=1)
        raise RuntimeError("the write fails after its entry")
    audit_record(action="read", object_type="people.person", object_id=2)
    assert list(AuditEntry.objects.values_list("action", "sequence")) == [
        ("read", 1),
        ("read", 2),
    ]
    call_command("verify_audit")
    assert "2 entries verified" in capsys.readouterr().out
