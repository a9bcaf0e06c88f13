"""Find a child: tolerant name matching, identifiers and addresses, need to know, the audit
entry, the form's errors and who may use the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils.html import escape

from safeguard.access.search import child_search
from safeguard.audit.models import AuditEntry
from safeguard.cases.models import Allocation
from safeguard.people.forms import NAME_TOO_SHORT, NO_SEARCH_TERMS
from safeguard.people.identifiers import (
    NHS_NUMBER_WRONG_CHECK_DIGIT,
    nhs_number_from_seed,
    upn_from_seed,
)
from safeguard.people.models import Address, Person, Residence
from safeguard.people.search_keys import search_keys_for
from safeguard.people.selectors import MAX_RESULTS, SearchTerms

URL = "/children/search"
STARTED = date(2020, 1, 6)


def _child(personas, first, last, *, team=None, worker="own", **fields):
    """A child in the social worker's caseload unless told otherwise."""
    fields.setdefault("date_of_birth", date(2015, 6, 1))
    child = Person.objects.create(first_name=first, last_name=last, **fields)
    if worker == "own":
        worker = personas.social_worker.worker
    Allocation.objects.create(
        child=child, team=team or personas.team, worker=worker, start_date=STARTED
    )
    return child


def _live_at(child, postcode, *, line_1="14 Willow Road", current=True):
    address = Address.objects.create(line_1=line_1, town="Northbridge", postcode=postcode)
    Residence.objects.create(
        person=child,
        address=address,
        start_date=date(2019, 1, 1),
        end_date=None if current else date(2021, 1, 1),
    )


def _search(user, **terms):
    return child_search(user=user, terms=SearchTerms(**terms))


def _ids(results):
    return [r.child_id for r in results]


# --- Tolerant names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("Jaden Smith", "Jayden", "Smith"),
        ("Jaiden Smith", "Jayden", "Smith"),
        ("Muhamad Khan", "Mohammed", "Khan"),
        ("Mohammed Khan", "Muhammad", "Khan"),
        ("Jayden Smyth", "Jayden", "Smith"),
        ("Cathrine Jones", "Katherine", "Jones"),
        ("Kathryn Jones", "Catherine", "Jones"),
        ("Jyaden Smtih", "Jayden", "Smith"),  # transposed letters
        ("Jayden Smih", "Jayden", "Smith"),  # a missing letter that changes the sound
        ("Jaydne Smith", "Jayden", "Smith"),
        ("Kate Jones", "Katherine", "Jones"),  # a short form
        ("Shaun Murphy", "Sean", "Murphy"),  # a spelling that sounds different on paper
        ("Smith Jayden", "Jayden", "Smith"),  # the other way round
        ("Smith, Jaden", "Jayden", "Smith"),
        ("J Smith", "Jayden", "Smith"),  # an initial
        ("Smyth", "Jayden", "Smith"),  # one name alone
        ("Smitj", "Jayden", "Smith"),  # one name alone, with a typo that changes its sound
        ("Jaden", "Jayden", "Smith"),
    ],
)
def test_misspelt_and_variant_names_find_the_child(personas, typed, first, last):
    child = _child(personas, first, last)
    assert child.pk in _ids(_search(personas.social_worker, name=typed))


def test_a_child_is_found_by_the_name_they_are_known_by(personas):
    child = _child(personas, "Antonia", "Smith", known_as="Tiggy")
    assert _ids(_search(personas.social_worker, name="Tiggy Smith")) == [child.pk]


def test_a_lone_name_that_sounds_right_is_not_widened_to_names_a_typo_away(personas):
    smith = _child(personas, "Jayden", "Smith")
    _child(personas, "Jayden", "Smithers")
    assert _ids(_search(personas.social_worker, name="Smith")) == [smith.pk]


def test_a_different_name_is_not_found(personas):
    _child(personas, "Jayden", "Smith")
    assert _search(personas.social_worker, name="Oliver Smith") == []
    assert _search(personas.social_worker, name="Jayden Patel") == []


def test_the_exact_spelling_ranks_first_then_sound_alikes(personas):
    sound_alike = _child(personas, "Jaden", "Smyth")
    exact = _child(personas, "Jayden", "Smith")
    typo = _child(personas, "Jayden", "Smithers")
    ranked = _ids(_search(personas.social_worker, name="Jayden Smith"))
    assert ranked[:2] == [exact.pk, sound_alike.pk]
    assert typo.pk not in ranked[:2]


# --- Other details -------------------------------------------------------------------------------


def test_a_date_of_birth_finds_the_child_and_a_swapped_day_and_month_ranks_after(personas):
    exact = _child(personas, "Amara", "Okafor", date_of_birth=date(2016, 3, 1))
    swapped = _child(personas, "Amara", "Okafor", date_of_birth=date(2016, 1, 3))
    _child(personas, "Amara", "Okafor", date_of_birth=date(2016, 3, 2))
    found = _ids(_search(personas.social_worker, date_of_birth=date(2016, 3, 1)))
    # The persona children were born on 1 March 2016 too.
    assert set(found[:3]) == {exact.pk, personas.own_child.pk, personas.team_child.pk}
    assert found[3:] == [swapped.pk]
    both = _search(personas.social_worker, name="Amara Okafor", date_of_birth=date(2016, 3, 1))
    assert _ids(both) == [exact.pk, swapped.pk]


def test_an_nhs_number_finds_the_child_with_or_without_spaces(personas):
    number = nhs_number_from_seed(7)
    child = _child(personas, "Ava", "Brown", nhs_number=number)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert _ids(_search(personas.social_worker, nhs_number=spaced)) == [child.pk]
    assert _ids(_search(personas.social_worker, nhs_number=number)) == [child.pk]


def test_a_upn_finds_the_child_by_their_current_or_former_number(personas):
    child = _child(personas, "Ava", "Brown", upn=upn_from_seed(1), former_upn=upn_from_seed(2))
    spaced = " ".join(upn_from_seed(1).lower()[i : i + 4] for i in range(0, 13, 4))
    assert _ids(_search(personas.social_worker, upn=spaced)) == [child.pk]
    assert _ids(_search(personas.social_worker, upn=upn_from_seed(2))) == [child.pk]


def test_the_authority_child_id_finds_the_child(personas):
    assert _ids(_search(personas.social_worker, child_id="POwn")) == [personas.own_child.pk]


def test_a_postcode_in_any_spacing_or_an_outward_code_finds_the_child(personas):
    child = _child(personas, "Ava", "Brown")
    _live_at(child, "NB1 2AB")
    elsewhere = _child(personas, "Ava", "Green")
    _live_at(elsewhere, "NB2 2AB")
    for typed in ("NB1 2AB", "nb12ab", "NB1"):
        assert _ids(_search(personas.social_worker, address=typed)) == [child.pk], typed


def test_an_address_is_found_by_its_words_and_a_past_address_ranks_after_a_current_one(
    personas,
):
    now_here = _child(personas, "Ava", "Brown")
    _live_at(now_here, "NB1 2AB")
    moved_away = _child(personas, "Ava", "Brown")
    _live_at(moved_away, "NB1 2AB", current=False)
    by_words = _search(personas.social_worker, address="14 willow")
    assert set(_ids(by_words)) == {now_here.pk, moved_away.pk}
    assert _ids(_search(personas.social_worker, address="14 Willow Road, NB1 2AB")) == [
        now_here.pk,
        moved_away.pk,
    ]
    assert _search(personas.social_worker, address="Oak Lane") == []
    assert set(_ids(_search(personas.social_worker, address="Willow Road NB1"))) == {
        now_here.pk,
        moved_away.pk,
    }


def test_every_detail_given_must_match(personas):
    number = nhs_number_from_seed(3)
    _child(personas, "Ava", "Brown", nhs_number=number)
    assert _search(personas.social_worker, name="Ava Brown", nhs_number=number)
    assert (
        _search(personas.social_worker, name="Ava Brown", nhs_number=nhs_number_from_seed(4)) == []
    )
    assert _search(personas.social_worker, name="Oliver Brown", nhs_number=number) == []


def test_a_result_carries_what_the_table_shows(personas, time_machine):
    time_machine.move_to(date(2024, 2, 29))
    child = _child(personas, "Ava", "Brown", date_of_birth=date(2016, 3, 1))
    _live_at(child, "NB1 2AB")
    (result,) = _search(personas.social_worker, name="Ava Brown")
    assert result.name == "Ava Brown"
    assert result.date_of_birth == date(2016, 3, 1)
    assert result.age == 7
    assert result.postcode == "NB1 2AB"
    assert result.worker == "Sw Persona"
    assert result.team == "Team A"


# --- Need to know --------------------------------------------------------------------------------


def test_only_children_the_user_may_see_are_found(personas):
    found = set(_ids(_search(personas.social_worker, name="Child")))
    assert found == {personas.own_child.pk, personas.team_child.pk}
    assert personas.other_child.pk not in found
    assert personas.restricted_child.pk not in found


def test_a_restricted_record_is_found_only_by_its_named_people(personas):
    named = _search(personas.team_manager, name="Restricted Child")
    assert _ids(named) == [personas.restricted_child.pk]
    assert _search(personas.social_worker, name="Restricted Child") == []
    assert _search(personas.social_worker, child_id="PRestricted") == []


def test_a_worker_from_another_team_finds_nothing_for_a_child_who_exists(personas):
    assert _search(personas.other_worker, name="Own Child") == []
    assert _search(personas.other_worker, child_id="POwn") == []
    # Every persona child was born that day; only the one in their own team is found.
    assert _ids(_search(personas.other_worker, date_of_birth=date(2016, 3, 1))) == [
        personas.other_child.pk
    ]


def test_the_page_says_no_children_found_and_records_zero_results(personas, sign_in):
    client = sign_in(personas.other_worker)
    response = client.get(URL, {"name": "Own Child"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "No children found" in page
    assert "Own Child" not in page.replace('value="Own Child"', "")
    assert AuditEntry.objects.get(action="search").details["results"] == 0


# --- The audit trail -----------------------------------------------------------------------------


def test_each_search_writes_exactly_one_audit_entry_with_its_terms(personas, sign_in):
    client = sign_in(personas.social_worker)
    client.get(
        URL,
        {
            "name": "Own Child",
            "date_of_birth_0": "1",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2016",
        },
    )
    entry = AuditEntry.objects.get(action="search")
    assert entry.actor_id == personas.social_worker.pk
    assert entry.details == {
        "terms": {"name": "Own Child", "date_of_birth": "2016-03-01"},
        "results": 1,
    }
    client.get(URL, {"child_id": "POwn"})
    assert AuditEntry.objects.filter(action="search").count() == 2


def test_opening_the_page_without_a_search_writes_no_audit_entry(personas, sign_in):
    response = sign_in(personas.social_worker).get(URL)
    assert response.status_code == 200
    assert "Find a child" in response.content.decode()
    assert not AuditEntry.objects.filter(action="search").exists()


# --- The form ------------------------------------------------------------------------------------


def test_a_wrong_nhs_check_digit_is_explained_keeps_what_was_typed_and_is_not_audited(
    personas, sign_in
):
    response = sign_in(personas.social_worker).get(URL, {"nhs_number": "943 476 5918"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert NHS_NUMBER_WRONG_CHECK_DIGIT in page
    assert 'value="943 476 5918"' in page
    assert 'href="#id_nhs_number"' in page
    assert "<title>Error:" in page
    assert not AuditEntry.objects.filter(action="search").exists()


def test_a_name_of_initials_alone_is_refused(personas, sign_in):
    response = sign_in(personas.social_worker).get(URL, {"name": "J K"})
    assert response.status_code == 400
    assert escape(NAME_TOO_SHORT) in response.content.decode()
    assert not AuditEntry.objects.filter(action="search").exists()


def test_a_search_with_nothing_entered_asks_for_a_detail(personas, sign_in):
    response = sign_in(personas.social_worker).get(URL, {"name": "", "nhs_number": " "})
    assert response.status_code == 400
    assert NO_SEARCH_TERMS in response.content.decode()
    assert not AuditEntry.objects.filter(action="search").exists()


def test_the_results_table_links_each_child_to_their_record(personas, sign_in):
    response = sign_in(personas.social_worker).get(URL, {"name": "Own Child"})
    page = response.content.decode()
    assert 'class="govuk-table"' in page
    assert "1 child found" in page
    assert f'href="/children/{personas.own_child.pk}"' in page
    assert "1 March 2016" in page
    assert "Sw Persona" in page


def test_the_query_count_does_not_grow_with_the_number_of_results(personas):
    def queries_for_search() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            results = _search(personas.social_worker, name="Ava Brown")
        return len(captured), len(results)

    _search(personas.social_worker, name="Nobody")  # the first audit entry starts the chain
    _live_at(_child(personas, "Ava", "Brown"), "NB1 2AB")
    one, found = queries_for_search()
    assert found == 1
    for _ in range(5):
        _live_at(_child(personas, "Ava", "Browne"), "NB1 2AB")
    many, found = queries_for_search()
    assert found == 6
    assert many == one


def test_at_most_max_results_are_shown_and_the_page_asks_for_more_details(personas, sign_in):
    # Written as the demo generator writes people: bulk_create, keys from search_keys_for.
    people = Person.objects.bulk_create(
        Person(first_name="Ava", last_name="Brown", **search_keys_for("Ava", "Brown"))
        for _ in range(MAX_RESULTS + 5)
    )
    Allocation.objects.bulk_create(
        Allocation(child=p, team=personas.team, start_date=STARTED) for p in people
    )
    assert len(_search(personas.social_worker, name="Ava Brown")) == MAX_RESULTS
    page = sign_in(personas.social_worker).get(URL, {"name": "Ava Brown"}).content.decode()
    assert f"The first {MAX_RESULTS} children found" in page
    assert "add more details" in page


# --- Who may use the page ------------------------------------------------------------------------


def test_the_page_is_named_and_declares_its_permission():
    assert reverse("access:child_search") == URL
    assert resolve(URL).func.safeguard_permission == "child.search"


def test_the_page_needs_sign_in(client, personas):
    response = client.get(URL, {"name": "Own Child"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert not AuditEntry.objects.filter(action="search").exists()


@pytest.mark.parametrize("role", ["auditor", "analyst", "system_administrator"])
def test_roles_without_child_search_are_refused(personas, sign_in, role):
    response = sign_in(getattr(personas, role)).get(URL, {"name": "Own Child"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="search").exists()


@pytest.mark.parametrize(
    "role", ["social_worker", "team_manager", "head_of_service", "front_door_worker"]
)
def test_practitioners_may_search(personas, sign_in, role):
    response = sign_in(getattr(personas, role)).get(URL, {"name": "Own Child"})
    assert response.status_code == 200
