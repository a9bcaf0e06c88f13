"""The service navigation: every item names a real page, and a person sees only what their
role allows."""

import re

import pytest
import rules
from django.test import RequestFactory
from django.urls import reverse

from safeguard.access.permissions import allowed
from safeguard.accounts.navigation import ITEMS, _links, navigation


def test_every_navigation_item_names_a_page_that_exists():
    for label, name, _permission in ITEMS:
        assert reverse(name), label


@pytest.mark.django_db
def test_a_social_worker_is_offered_my_cases_and_not_the_audit_trail(personas):
    request = RequestFactory().get("/")
    request.user = personas.social_worker
    labels = {item["label"] for item in navigation(request)["navigation"]}
    assert "My cases" in labels
    assert not any("audit" in label.lower() for label in labels)


# Predicates that, asked of a member of staff without an object, read only the role: a role
# check, need to know (which passes without a child, signal or family) and the partner rules
# (which refuse anyone with a role), and the workforce's team rules (which pass without a
# team). Navigation caches staff items by role on this basis.
ROLE_ONLY_FOR_STAFF = re.compile(
    r"has_role:[a-z_,]+|may_see_child|may_see_signal|may_see_family|is_partner_\w+"
    r"|oversees_team_workforce|analyses_team_workforce"
)


def test_every_navigation_rule_reads_only_the_role_for_staff():
    for label, _name, permission in ITEMS:
        rule = rules.permissions.permissions[permission].name
        rest = ROLE_ONLY_FOR_STAFF.sub("", rule).strip("()&| ")
        assert not rest, (
            f"{label}: {permission} asks {rule!r}; navigation caches staff items by role, so "
            "a predicate reading more than the role must be kept per request"
        )


def _uncached_labels(user) -> list[str]:
    return [label for label, _url in _links(user)]


@pytest.mark.django_db
def test_each_person_sees_exactly_what_their_rules_allow_asked_twice(personas):
    for name, user in personas.all_users.items():
        request = RequestFactory().get("/")
        request.user = user
        for _ in range(2):  # the second answer may come from the per-role cache
            labels = [item["label"] for item in navigation(request)["navigation"]]
            assert labels == _uncached_labels(user), name
            assert labels == [
                label for label, _n, permission in ITEMS if allowed(user, permission)
            ], name


@pytest.mark.django_db
def test_a_partner_loses_their_links_when_their_organisation_is_closed(personas):
    user = personas.partner_user
    request = RequestFactory().get("/")
    request.user = user
    assert {"Partner check", "Your referrals"} <= {
        item["label"] for item in navigation(request)["navigation"]
    }
    organisation = user.partner_membership.organisation
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])
    assert navigation(request)["navigation"] == []


@pytest.mark.django_db
def test_family_help_practitioners_and_partner_leads_are_offered_their_families(personas):
    for user in (personas.fhp, personas.partner_lead):
        request = RequestFactory().get("/")
        request.user = user
        assert "Families" in [item["label"] for item in navigation(request)["navigation"]]
    request = RequestFactory().get("/")
    request.user = personas.analyst
    assert "Families" not in [item["label"] for item in navigation(request)["navigation"]]


@pytest.mark.django_db
def test_the_current_page_is_marked_active(personas):
    request = RequestFactory().get(reverse("cases:my_cases"))
    request.user = personas.social_worker
    active = [item["label"] for item in navigation(request)["navigation"] if item["active"]]
    assert active == ["My cases"]
