"""Every write through the services is in the audit trail, attributed to whoever is acting."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.audit.context import _request
from safeguard.audit.models import AuditEntry
from safeguard.cases import services
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.common import codes

pytestmark = pytest.mark.django_db


def test_a_visit_recorded_in_a_request_is_audited_as_that_user(personas, rf):
    request = rf.post("/children/1/visits/new", REMOTE_ADDR="10.0.0.7")
    request.user = personas.social_worker
    token = _request.set(request)
    try:
        visit = services.visit_record(
            child=personas.own_child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 3, 3),
            child_seen=True,
            wishes_and_feelings="Said she likes her new school.",
            seen_alone=True,
            visited_by=personas.social_worker.worker,
        )
    finally:
        _request.reset(token)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id, entry.child_id) == (
        "create",
        "cases.visit",
        str(visit.pk),
        personas.own_child.pk,
    )
    assert (entry.actor_username, entry.ip_address) == ("sw", "10.0.0.7")


def test_a_refused_write_leaves_no_audit_entry(personas):
    with pytest.raises(RuleViolation):
        services.visit_record(
            child=personas.own_child,
            kind=codes.VisitKind.CP_VISIT,
            visit_date=date(2025, 3, 3),
            child_seen=False,
            seen_alone=False,
            visited_by=None,
        )
    assert not AuditEntry.objects.exists()
