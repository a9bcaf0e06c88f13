"""The auditor's pages: who looked at a child's record and why, what a user looked at, alerts."""

from datetime import UTC, datetime

import pytest
from django.utils.html import escape

from safeguard.access.models import Alert
from safeguard.access.services import break_glass_grant
from safeguard.audit.forms import NO_SUCH_CHILD, SEARCH_NEEDS_A_TERM
from safeguard.audit.models import Action, AuditEntry
from safeguard.audit.services import AuditRecord, audit_append, audit_record
from safeguard.audit.views import PAGE_SIZE

pytestmark = pytest.mark.django_db
REASON = "Police called out of hours about a child at this address."


def _read(user, child, **extra):
    audit_record(
        action=Action.READ,
        actor=user,
        object_type="people.person",
        object_id=child.pk,
        child_id=child.pk,
        **extra,
    )


def test_a_social_worker_is_refused_the_audit_trail(personas, sign_in):
    assert sign_in(personas.social_worker).get("/audit/").status_code == 403


def test_the_search_page_opens_empty_and_records_nothing(personas, sign_in):
    response = sign_in(personas.auditor).get("/audit/")
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


def test_the_auditor_sees_who_has_looked_at_a_childs_record_newest_first(personas, sign_in):
    _read(personas.social_worker, personas.own_child)
    _read(personas.team_manager, personas.own_child)
    _read(personas.other_worker, personas.other_child)
    response = sign_in(personas.auditor).get("/audit/", {"child": personas.own_child.pk})
    assert response.status_code == 200
    assert [e.actor_username for e in response.context["entries"]] == ["tm", "sw"]


def test_a_child_is_found_by_their_authority_child_id(personas, sign_in):
    _read(personas.social_worker, personas.own_child)
    response = sign_in(personas.auditor).get("/audit/", {"child": "POwn"})
    assert [e.child_id for e in response.context["entries"]] == [personas.own_child.pk]


def test_the_auditor_sees_what_a_user_has_looked_at(personas, sign_in):
    _read(personas.social_worker, personas.own_child)
    _read(personas.social_worker, personas.team_child)
    _read(personas.team_manager, personas.own_child)
    response = sign_in(personas.auditor).get("/audit/", {"username": "sw"})
    assert [e.child_id for e in response.context["entries"]] == [
        personas.team_child.pk,
        personas.own_child.pk,
    ]


def test_a_child_and_a_user_together_show_what_that_user_did_on_that_record(personas, sign_in):
    _read(personas.social_worker, personas.own_child)
    _read(personas.social_worker, personas.team_child)
    _read(personas.team_manager, personas.own_child)
    response = sign_in(personas.auditor).get(
        "/audit/", {"child": personas.own_child.pk, "username": "sw"}
    )
    assert [(e.actor_username, e.child_id) for e in response.context["entries"]] == [
        ("sw", personas.own_child.pk)
    ]


def test_break_glass_entries_are_highlighted_with_their_reason(personas, sign_in):
    break_glass_grant(user=personas.other_worker, child=personas.own_child, reason=REASON)
    response = sign_in(personas.auditor).get("/audit/", {"child": personas.own_child.pk})
    page = response.content.decode()
    assert "Break-glass access</strong>" in page
    assert f"<strong>{REASON}</strong>" in page
    assert "1 break-glass access in these results" in page


def test_the_auditors_own_search_of_the_trail_is_audited_with_its_terms(personas, sign_in):
    sign_in(personas.auditor).get("/audit/", {"child": "POwn", "username": "sw"})
    entry = AuditEntry.objects.get(action=Action.SEARCH)
    assert entry.actor_username == "auditor"
    assert entry.object_type == "audit.trail"
    assert entry.child_id == personas.own_child.pk
    assert entry.details == {"terms": {"child": "POwn", "username": "sw"}, "page": 1}


def test_a_search_for_an_unknown_child_is_refused_and_still_audited(personas, sign_in):
    response = sign_in(personas.auditor).get("/audit/", {"child": "NOBODY"})
    assert response.status_code == 400
    assert escape(NO_SUCH_CHILD) in response.content.decode()
    assert AuditEntry.objects.get(action=Action.SEARCH).details["terms"] == {"child": "NOBODY"}


def test_a_search_needs_a_child_or_a_username(personas):
    from safeguard.audit.forms import AuditSearchForm

    form = AuditSearchForm({"child": "", "username": ""})
    assert not form.is_valid()
    assert form.non_field_errors() == [SEARCH_NEEDS_A_TERM]


def test_times_are_shown_in_uk_time(personas, sign_in):
    audit_append(
        [
            AuditRecord(
                action=Action.READ,
                actor_id=personas.social_worker.pk,
                actor_username="sw",
                child_id=personas.own_child.pk,
                at=datetime(2025, 7, 1, 12, 0, tzinfo=UTC),
            )
        ]
    )
    page = sign_in(personas.auditor).get("/audit/", {"child": personas.own_child.pk})
    html = page.content.decode()
    assert '<time datetime="2025-07-01T12:00:00+00:00">1 Jul 2025 13:00:00</time>' in html


def test_pages_stay_still_while_the_trail_grows(personas, sign_in):
    for _ in range(PAGE_SIZE + 5):
        _read(personas.social_worker, personas.own_child)
    client = sign_in(personas.auditor)
    first = client.get("/audit/", {"child": personas.own_child.pk})
    assert first.context["page"].paginator.count == PAGE_SIZE + 5
    upto = first.context["upto"]
    _read(personas.team_manager, personas.own_child)  # arrives while the auditor reads
    second = client.get("/audit/", {"child": personas.own_child.pk, "upto": upto, "page": 2})
    assert len(second.context["entries"]) == 5
    assert {e.actor_username for e in second.context["entries"]} == {"sw"}
    assert second.context["next_url"] is None
    assert "page=1" in second.context["previous_url"]


def test_the_team_manager_sees_a_break_glass_alert_and_marks_it_read(personas, sign_in):
    break_glass_grant(user=personas.other_worker, child=personas.own_child, reason=REASON)
    client = sign_in(personas.team_manager)
    page = client.get("/audit/alerts")
    assert page.status_code == 200
    assert len(page.context["alerts"]) == 1
    alert = page.context["alerts"][0]
    assert client.post("/audit/alerts", {"alert": alert.pk}).status_code == 302
    assert client.get("/audit/alerts").context["alerts"] == []


def test_nobody_can_mark_someone_elses_alert_as_read(personas, sign_in):
    break_glass_grant(user=personas.other_worker, child=personas.own_child, reason=REASON)
    alert = Alert.objects.get(recipient=personas.team_manager)
    sign_in(personas.social_worker).post("/audit/alerts", {"alert": alert.pk})
    alert.refresh_from_db()
    assert alert.read_at is None


def test_an_auditors_alert_links_to_the_childs_trail(personas, sign_in):
    break_glass_grant(user=personas.other_worker, child=personas.own_child, reason=REASON)
    page = sign_in(personas.auditor).get("/audit/alerts").content.decode()
    assert f'href="/audit/?child={personas.own_child.pk}"' in page
