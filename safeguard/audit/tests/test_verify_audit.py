"""verify_audit finds every kind of tampering, names where, and exits non-zero."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

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
    assert "audit trail intact: 10 entries verified" in capsys.readouterr().out


def test_an_empty_trail_verifies(capsys):
    call_command("verify_audit")
    assert "0 entries verified" in capsys.readouterr().out


def test_an_altered_entry_is_named(trail, capsys):
    with tampering() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_username = 'someone.else' WHERE sequence = 4"
        )
    assert "TAMPERED entry 4: altered" in _tampered(capsys)


def test_a_deleted_entry_is_named(trail, capsys):
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 6")
    assert "TAMPERED entry 7: deleted: entries 6 are missing" in _tampered(capsys)


def test_an_inserted_entry_is_named(trail, capsys):
    # Squeeze a forged entry in by renumbering the ones after it, as an insider might.
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditentry SET sequence = sequence + 100 WHERE sequence > 5")
        cursor.execute("UPDATE audit_auditentry SET sequence = sequence - 99 WHERE sequence > 100")
        entry = AuditEntry.objects.get(sequence=5)
        entry.pk, entry.sequence, entry.previous_mac = None, 6, entry.mac
        entry.mac = "f" * 64
        entry.save()
        cursor.execute("UPDATE audit_audithead SET sequence = 11")
    err = _tampered(capsys)
    assert "TAMPERED entry 6: altered" in err
    assert "TAMPERED entry 7: inserted" in err


def test_a_truncated_trail_is_named(trail, capsys):
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > 8")
    assert "TAMPERED entry 8: truncated: the trail ends at entry 8 but 10" in _tampered(capsys)


def test_truncation_with_a_rewritten_head_is_caught_by_an_external_checkpoint(
    trail, capsys, tmp_path
):
    checkpoint = tmp_path / "audit-checkpoints.jsonl"
    call_command("verify_audit", "--write-checkpoint", str(checkpoint))
    assert json.loads(checkpoint.read_text())["sequence"] == 10
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > 8")
        eighth = AuditEntry.objects.get(sequence=8)
        cursor.execute("UPDATE audit_audithead SET sequence = 8, mac = %s", [eighth.mac])
    call_command("verify_audit")  # the head alone cannot tell
    err = _tampered(capsys, "--checkpoint", str(checkpoint))
    assert "TAMPERED entry 10: truncated" in err


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
    assert AuditHead.objects.get().sequence == 2


def test_entries_written_with_a_local_time_zone_verify(capsys):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    summer = datetime(2024, 7, 1, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    audit_append([AuditRecord(action="read", actor_id=1, actor_username="x", at=summer)])
    call_command("verify_audit")
    assert "1 entries verified" in capsys.readouterr().out
