"""Every refusal a signed-in person meets is audited by RefusalAuditMiddleware: a record
outside need to know (404) and a page their role may not open (403), with the status, the
path, the view and the permission, never anything of the record itself."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from safeguard.access.middleware import RefusalAuditMiddleware
from safeguard.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.REFUSED).order_by("sequence"))


def test_the_middleware_is_installed_after_everything_that_answers_a_request_itself():
    # Django calls process_exception last-installed first: placed last, ours always runs.
    assert settings.MIDDLEWARE[-1] == "safeguard.access.middleware.RefusalAuditMiddleware"
    assert RefusalAuditMiddleware.__module__ == "safeguard.access.middleware"


def test_a_record_outside_need_to_know_is_a_404_and_an_audited_refusal(personas, sign_in):
    child = personas.other_child
    url = reverse("cases:child_record", args=[child.pk])
    assert sign_in(personas.social_worker).get(url).status_code == 404
    (entry,) = refusals()
    assert (entry.actor_username, entry.child_id, entry.object_type) == ("sw", child.pk, "")
    assert entry.details == {"status": 404, "path": url, "view": "cases:child_record"}
    assert child.first_name not in str(entry.details)
    assert not AuditEntry.objects.filter(action=Action.READ).exists()


def test_a_restricted_record_refused_to_its_own_team_is_audited(personas, sign_in):
    url = reverse("cases:child_record", args=[personas.restricted_child.pk])
    assert sign_in(personas.social_worker).get(url).status_code == 404
    assert [e.child_id for e in refusals()] == [personas.restricted_child.pk]


def test_a_role_without_the_permission_is_a_403_and_an_audited_refusal(personas, sign_in):
    url = reverse("cases:my_cases")
    assert sign_in(personas.auditor).get(url).status_code == 403
    (entry,) = refusals()
    assert entry.actor_username == "auditor"
    assert entry.child_id is None
    assert entry.details == {
        "status": 403,
        "path": url,
        "view": "cases:my_cases",
        "permission": "caseload.view",
    }


def test_a_superuser_without_a_role_is_refused_and_audited_like_anyone(personas, sign_in):
    assert sign_in(personas.superuser).get("/audit/").status_code == 403
    (entry,) = refusals()
    assert (entry.actor_username, entry.details["permission"]) == ("root", "audit.view")


def test_an_object_met_outside_need_to_know_by_its_own_id_is_audited(personas, sign_in):
    from safeguard.cases.tests.factories import AssessmentFactory, ReferralFactory

    assessment = AssessmentFactory(
        referral=ReferralFactory(child=personas.other_child, team=personas.other_team),
        submitted=True,
    )
    url = reverse("cases:assessment_review", args=[assessment.pk])
    assert sign_in(personas.team_manager).get(url).status_code == 404
    (entry,) = refusals()
    # The URL names an assessment, not a child: the path says which, and nothing is looked up.
    assert (entry.child_id, entry.details["path"]) == (None, url)


def test_the_query_string_is_left_out_of_the_path(personas, sign_in):
    url = reverse("cases:child_record", args=[personas.other_child.pk])
    sign_in(personas.social_worker).get(url, {"type": "visit"})
    assert refusals()[0].details["path"] == url


def test_a_refused_form_post_is_audited_too(personas, sign_in):
    url = reverse("cases:visit_record", args=[personas.other_child.pk])
    assert sign_in(personas.social_worker).post(url, {}).status_code == 404
    assert [e.details["view"] for e in refusals()] == ["cases:visit_record"]


def test_a_path_that_matches_no_page_is_not_a_refusal(personas, sign_in):
    assert sign_in(personas.social_worker).get("/no-such-page").status_code == 404
    assert refusals() == []


def test_someone_signed_out_is_sent_to_sign_in_and_nothing_is_attributed(client, personas):
    url = reverse("cases:child_record", args=[personas.own_child.pk])
    assert client.get(url)["Location"].startswith("/sign-in")
    assert not AuditEntry.objects.exists()


def test_an_allowed_page_writes_no_refusal(personas, sign_in):
    url = reverse("cases:child_record", args=[personas.own_child.pk])
    assert sign_in(personas.social_worker).get(url).status_code == 200
    assert refusals() == []
