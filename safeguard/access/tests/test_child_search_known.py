"""Find a child at the front door: a matching record outside need to know is said to exist
(and nothing more), a restricted one names whom to ask, and both are audited."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.access.models import RestrictedRecord
from safeguard.access.search import MAX_HIDDEN_MATCHES, HiddenMatch, child_search_known
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Allocation
from safeguard.people.identifiers import nhs_number_from_seed
from safeguard.people.models import Person
from safeguard.people.selectors import SearchTerms

pytestmark = pytest.mark.django_db

URL = "/children/search"
BORN = {"date_of_birth_0": "1", "date_of_birth_1": "3", "date_of_birth_2": "2016"}


def _known(user, **terms):
    return child_search_known(user=user, terms=SearchTerms(**terms))


def test_the_front_door_is_told_that_a_record_it_cannot_see_exists(personas):
    found = _known(personas.front_door_worker, name="Other Child", date_of_birth=date(2016, 3, 1))
    assert found.results == []
    assert found.hidden == [HiddenMatch(personas.other_child.pk)]
    assert not found.more_hidden


def test_a_misspelt_name_finds_the_hidden_record_as_it_would_a_visible_one(personas):
    found = _known(personas.front_door_worker, name="Othr Chlid", date_of_birth=date(2016, 3, 1))
    assert [m.child_id for m in found.hidden] == [personas.other_child.pk]


def test_a_name_that_does_not_match_says_nothing_exists(personas):
    found = _known(personas.front_door_worker, name="Zebedee Quint", date_of_birth=date(2016, 3, 1))
    assert found.hidden == []


def test_an_nhs_number_identifies_a_child_too(personas):
    personas.other_child.nhs_number = nhs_number_from_seed(4)
    personas.other_child.save()
    found = _known(personas.front_door_worker, nhs_number=nhs_number_from_seed(4))
    assert [m.child_id for m in found.hidden] == [personas.other_child.pk]


@pytest.mark.parametrize(
    "terms",
    [
        {"name": "Other Child"},  # a name alone is browsing, not asking about one child
        {"date_of_birth": date(2016, 3, 1)},
        {"address": "NB1 2AB"},
    ],
)
def test_a_search_that_does_not_identify_a_child_never_mentions_hidden_records(personas, terms):
    assert _known(personas.front_door_worker, **terms).hidden == []


@pytest.mark.parametrize("role", ["social_worker", "other_worker", "conference_chair"])
def test_practitioners_outside_the_front_door_are_not_told(personas, role):
    found = _known(getattr(personas, role), name="Restricted Child", date_of_birth=date(2016, 3, 1))
    assert found.hidden == []
    entry = AuditEntry.objects.get(action="search")
    assert "hidden_matches" not in entry.details


@pytest.mark.parametrize("role", ["front_door_worker", "team_manager", "head_of_service"])
def test_the_roles_that_decide_contacts_are_told(personas, role):
    found = _known(getattr(personas, role), name="Other Child", date_of_birth=date(2016, 3, 1))
    assert [m.child_id for m in found.hidden] == [personas.other_child.pk]


def test_a_child_already_in_the_results_is_not_also_a_hidden_match(personas):
    found = _known(personas.team_manager, name="Own Child", date_of_birth=date(2016, 3, 1))
    assert [r.child_id for r in found.results] == [personas.own_child.pk]
    assert found.hidden == []


def test_a_restricted_record_names_the_managers_on_it_and_offers_no_break_glass(personas):
    found = _known(
        personas.front_door_worker, name="Restricted Child", date_of_birth=date(2016, 3, 1)
    )
    assert found.hidden == [HiddenMatch(personas.restricted_child.pk, True, ("Tm Persona",))]
    assert found.hidden[0].ask_whom == "Tm Persona"


def test_a_restricted_record_with_no_manager_named_says_ask_the_named_manager(personas):
    restriction = RestrictedRecord.objects.get(child=personas.restricted_child)
    restriction.named_users.set([personas.social_worker])
    found = _known(
        personas.front_door_worker, name="Restricted Child", date_of_birth=date(2016, 3, 1)
    )
    assert found.hidden[0].ask_whom == "the named manager"


def test_two_named_managers_are_both_named(personas):
    RestrictedRecord.objects.get(child=personas.restricted_child).named_users.add(
        personas.head_of_service
    )
    found = _known(
        personas.front_door_worker, name="Restricted Child", date_of_birth=date(2016, 3, 1)
    )
    assert found.hidden[0].ask_whom == "Hos Persona or Tm Persona"


def test_at_most_a_few_hidden_matches_are_shown(personas):
    for _ in range(MAX_HIDDEN_MATCHES + 2):
        child = Person.objects.create(
            first_name="Ava", last_name="Brown", date_of_birth=date(2016, 3, 1)
        )
        Allocation.objects.create(
            child=child, team=personas.other_team, start_date=date(2020, 1, 6)
        )
    found = _known(personas.front_door_worker, name="Ava Brown", date_of_birth=date(2016, 3, 1))
    assert len(found.hidden) == MAX_HIDDEN_MATCHES
    assert found.more_hidden


def test_the_search_and_each_hidden_match_shown_are_audited(personas):
    _known(personas.front_door_worker, name="Child", date_of_birth=date(2016, 3, 1))
    search = AuditEntry.objects.get(action="search", child_id__isnull=True)
    assert search.details == {
        "terms": {"name": "Child", "date_of_birth": "2016-03-01"},
        "results": 0,
        "hidden_matches": 3,
        "restricted_matches": 1,
    }
    shown = dict(
        AuditEntry.objects.filter(action="search", child_id__isnull=False).values_list(
            "child_id", "details"
        )
    )
    assert shown == {
        personas.own_child.pk: {"shown": "record exists"},
        personas.team_child.pk: {"shown": "record exists"},
        personas.other_child.pk: {"shown": "record exists"},
        personas.restricted_child.pk: {"shown": "restricted"},
    }


# --- The page ------------------------------------------------------------------------------------


def test_the_page_says_a_record_exists_and_links_to_break_glass_without_any_of_it(
    personas, sign_in
):
    response = sign_in(personas.front_door_worker).get(URL, {"name": "Other Child", **BORN})
    assert response.status_code == 200
    page = response.content.decode()
    assert "A record exists for a child who matches." in page
    assert f'<a class="govuk-link" href="/children/{personas.other_child.pk}/break-glass">' in page
    assert "Request access" in page
    assert "Find a child: a record exists" in page
    assert "No children found" not in page
    # Only what was typed (in the search box); nothing of the record.
    assert page.count("Other Child") == page.count('value="Other Child"')
    for secret in (
        "POther",
        "Team B",
        "Other Persona",
        f'href="/children/{personas.other_child.pk}"',
    ):
        assert secret not in page


def test_the_page_says_a_restricted_record_is_restricted_and_whom_to_ask(personas, sign_in):
    response = sign_in(personas.front_door_worker).get(URL, {"name": "Restricted Child", **BORN})
    page = response.content.decode()
    assert "This record is restricted. Ask Tm Persona." in page
    assert "break-glass access cannot" in page
    assert f"/children/{personas.restricted_child.pk}" not in page
    assert "PRestricted" not in page


def test_a_social_worker_sees_no_children_found_as_before(personas, sign_in):
    response = sign_in(personas.other_worker).get(URL, {"name": "Own Child", **BORN})
    page = response.content.decode()
    assert "No children found" in page
    assert "A record exists" not in page
    assert "break-glass" not in page
