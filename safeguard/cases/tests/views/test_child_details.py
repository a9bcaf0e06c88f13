"""The pages that change who a child is, their relationships, household and addresses: the
one flow (form, check your answers, confirm), need to know on every page, GOV.UK errors with
nothing changed, and the "Change" links on the record for those who may use them.

Time is frozen at noon on Friday 14 March 2025 (test_actions.frozen_today).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import ChildProtectionPlanFactory, ReferralFactory
from safeguard.cases.tests.views.test_actions import (
    banner,
    check_answers,
    day,
    frozen_today,  # noqa: F401 (autouse fixture)
    record,
)
from safeguard.people.identifiers import NHS_NUMBER_WRONG_CHECK_DIGIT, POSTCODE_INVALID
from safeguard.people.models import Person, Relationship, Residence
from safeguard.people.tests.factories import AddressFactory, RelationshipFactory, ResidenceFactory

pytestmark = pytest.mark.django_db


def _details(child: Person, **changes: object) -> dict[str, object]:
    """The details form as the child's record fills it, with `changes`."""
    born = child.date_of_birth
    data: dict[str, object] = {
        "first_name": child.first_name,
        "middle_names": child.middle_names,
        "last_name": child.last_name,
        "known_as": child.known_as,
        **(day("date_of_birth", born) if born else {}),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nhs_number": child.nhs_number or "",
        "upn": child.upn,
        "upn_unknown_reason": child.upn_unknown_reason,
    }
    return {**data, **changes}


def _everything() -> dict[str, list[dict[str, object]]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Person, Relationship, Residence)
    }


# --- Who the child is --------------------------------------------------------------------------


def test_the_allocated_worker_corrects_a_name_after_checking_only_what_changes(personas, sign_in):
    child = personas.own_child
    client = sign_in(personas.social_worker)
    url = reverse("cases:child_details_change", args=[child.pk])
    answers = _details(child, last_name="Childe", known_as="Ownie")

    page = check_answers(client, url, answers).content.decode()
    assert "Childe<br>Was: Child" in page and "Ownie<br>Was: Not given" in page
    assert "Date of birth" not in page  # unchanged, so not read back
    assert "Confirm the change" in page
    child.refresh_from_db()
    assert child.last_name == "Child"  # nothing until confirmed

    response = record(client, url, answers)

    assert response["Location"] == reverse("cases:child_record", args=[child.pk]) + "#child"
    assert banner(response) == ["The child's details have been changed"]
    child.refresh_from_db()
    assert (child.last_name, child.known_as) == ("Childe", "Ownie")
    entry = AuditEntry.objects.get(action="update", object_type="people.person")
    assert (entry.actor_username, entry.child_id, entry.details) == (
        "sw",
        child.pk,
        {"fields": ["known_as", "last_name"]},
    )


def test_a_wrong_nhs_number_gets_its_specific_message_and_changes_nothing(personas, sign_in):
    child = personas.own_child
    client = sign_in(personas.social_worker)
    before = _everything()

    response = client.post(
        reverse("cases:child_details_change", args=[child.pk]),
        _details(child, nhs_number="999 000 0019"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#id_nhs_number">{NHS_NUMBER_WRONG_CHECK_DIGIT}</a>' in page
    assert 'value="999 000 0019"' in page
    assert _everything() == before


def test_sending_the_details_unchanged_says_so_on_the_form(personas, sign_in):
    child = personas.own_child
    client = sign_in(personas.social_worker)

    response = client.post(reverse("cases:child_details_change", args=[child.pk]), _details(child))

    assert response.status_code == 400
    assert "You have not changed anything." in response.content.decode()


@pytest.mark.parametrize(
    ("user", "child", "status"),
    [
        ("social_worker", "own_child", 200),
        ("team_manager", "own_child", 200),
        ("head_of_service", "own_child", 200),
        ("other_worker", "own_child", 404),
        ("other_worker", "other_child", 200),
        ("social_worker", "restricted_child", 404),
        ("team_manager", "restricted_child", 200),
        ("front_door_worker", "own_child", 403),
        ("conference_chair", "own_child", 403),
        ("auditor", "own_child", 403),
    ],
)
def test_only_those_who_hold_the_case_may_open_the_pages(personas, sign_in, user, child, status):
    subject = getattr(personas, child)
    home = ResidenceFactory(person=subject)
    relationship = RelationshipFactory(relative=subject)
    lodger = ResidenceFactory(address=home.address, person__adult=True)
    client = sign_in(getattr(personas, user))

    for name, args in (
        ("cases:child_details_change", [subject.pk]),
        ("cases:household", [subject.pk]),
        ("cases:relationship_add", [subject.pk]),
        ("cases:relationship_change", [subject.pk, relationship.pk]),
        ("cases:relationship_end", [subject.pk, relationship.pk]),
        ("cases:household_member_add", [subject.pk]),
        ("cases:household_member_leave", [subject.pk, lodger.pk]),
        ("cases:address_move", [subject.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == status, name


def test_another_teams_worker_posting_a_change_is_refused_and_nothing_changes(personas, sign_in):
    child = personas.own_child
    before = _everything()

    response = sign_in(personas.other_worker).post(
        reverse("cases:child_details_change", args=[child.pk]), _details(child, last_name="X")
    )

    assert response.status_code == 404
    assert _everything() == before


def test_a_relationship_of_another_child_is_not_found_from_this_childs_pages(personas, sign_in):
    theirs = RelationshipFactory(relative=personas.other_child)
    client = sign_in(personas.social_worker)

    url = reverse("cases:relationship_end", args=[personas.own_child.pk, theirs.pk])

    assert client.get(url).status_code == 404


def test_the_record_offers_change_links_to_those_who_may_change_it(personas, sign_in):
    child = personas.own_child
    # The chair sees the child (they chaired the conference) but does not hold the case.
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=ReferralFactory(
            child=child, team=personas.team
        ),
        initial_conference__chair=personas.conference_chair.worker,
    )
    record_url = reverse("cases:child_record", args=[child.pk])
    details = reverse("cases:child_details_change", args=[child.pk])

    worker = sign_in(personas.social_worker).get(record_url).content.decode()
    assert f'href="{details}#id_first_name">Change<span class="govuk-visually-hidden"> name' in (
        worker
    )
    assert f"{details}#id_nhs_number" in worker and f"{details}#id_upn" in worker
    assert reverse("cases:household", args=[child.pk]) in worker
    assert reverse("cases:address_move", args=[child.pk]) in worker

    chair = sign_in(personas.conference_chair).get(record_url).content.decode()
    assert details not in chair
    assert reverse("cases:address_move", args=[child.pk]) not in chair


# --- Relationships and the household -----------------------------------------------------------


def test_the_household_page_lists_relationships_and_who_lives_there_with_what_may_change(
    personas, sign_in
):
    child = personas.own_child
    home = ResidenceFactory(person=child)
    mother = RelationshipFactory(relative=child, person__first_name="Morgan")
    ended = RelationshipFactory(
        relative=child, person__first_name="Former", kind="carer", end_date=date(2024, 1, 1)
    )
    lodger = ResidenceFactory(address=home.address, person__adult=True)

    page = sign_in(personas.social_worker).get(reverse("cases:household", args=[child.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("cases:relationship_change", args=[child.pk, mother.pk]) in html
    assert reverse("cases:relationship_end", args=[child.pk, mother.pk]) in html
    assert "ended 1 January 2024" in html
    assert reverse("cases:relationship_end", args=[child.pk, ended.pk]) not in html
    assert reverse("cases:household_member_leave", args=[child.pk, lodger.pk]) in html


def test_a_new_relative_is_added_and_a_relationship_ended(personas, sign_in):
    child = personas.own_child
    client = sign_in(personas.social_worker)
    url = reverse("cases:relationship_add", args=[child.pk])
    answers = {
        "who": "new",
        "first_name": "Robin",
        "last_name": "Example",
        "kind": "grandparent",
        "has_parental_responsibility": "no",
    }

    refused = client.post(url, {**answers, "last_name": ""})
    assert refused.status_code == 400
    assert '<a href="#id_last_name">Enter their last name</a>' in refused.content.decode()
    assert not Relationship.objects.exists()

    response = record(client, url, answers)

    assert banner(response) == ["Relationship added"]
    relationship = Relationship.objects.get()
    assert (relationship.person.full_name, relationship.kind, relationship.relative) == (
        "Robin Example",
        "grandparent",
        child,
    )

    end = reverse("cases:relationship_end", args=[child.pk, relationship.pk])
    record(client, end, day("end_date", date(2025, 3, 1)))
    relationship.refresh_from_db()
    assert relationship.end_date == date(2025, 3, 1)


def test_someone_living_with_the_child_becomes_a_relative_and_parental_responsibility_changes(
    personas, sign_in
):
    child = personas.own_child
    home = ResidenceFactory(person=child)
    lodger = ResidenceFactory(address=home.address, person__adult=True).person
    client = sign_in(personas.team_manager)

    record(
        client,
        reverse("cases:relationship_add", args=[child.pk]),
        {"who": str(lodger.pk), "kind": "step_parent", "has_parental_responsibility": "no"},
    )
    relationship = Relationship.objects.get(person=lodger)

    record(
        client,
        reverse("cases:relationship_change", args=[child.pk, relationship.pk]),
        {"kind": "step_parent", "has_parental_responsibility": "yes"},
    )

    relationship.refresh_from_db()
    assert relationship.has_parental_responsibility is True


def test_a_relative_moves_in_and_later_moves_out(personas, sign_in):
    child = personas.own_child
    home = ResidenceFactory(person=child)
    father = RelationshipFactory(relative=child).person
    client = sign_in(personas.social_worker)

    response = record(
        client,
        reverse("cases:household_member_add", args=[child.pk]),
        {"who": str(father.pk), **day("start_date", date(2025, 3, 3))},
    )

    assert banner(response) == ["Household changed"]
    stay = Residence.objects.get(person=father)
    assert (stay.address, stay.start_date) == (home.address, date(2025, 3, 3))

    leave = reverse("cases:household_member_leave", args=[child.pk, stay.pk])
    refused = client.post(leave, day("end_date", date(2025, 3, 1)))
    assert refused.status_code == 400
    assert (
        "The date they moved out must be on or after 3 March 2025, the date they moved in"
        in refused.content.decode()
    )
    record(client, leave, day("end_date", date(2025, 3, 12)))
    stay.refresh_from_db()
    assert stay.end_date == date(2025, 3, 12)


def test_a_child_with_no_address_is_asked_for_one_before_anyone_moves_in(personas, sign_in):
    child = personas.own_child

    page = sign_in(personas.social_worker).get(
        reverse("cases:household_member_add", args=[child.pk])
    )

    assert page.status_code == 200
    assert "Record Own Child's address first" in page.content.decode()
    assert reverse("cases:address_move", args=[child.pk]) in page.content.decode()


# --- Moving house ------------------------------------------------------------------------------

MOVE = {
    **day("move_date", date(2025, 3, 10)),
    "line_1": "12 Harbour View",
    "line_2": "",
    "town": "Northbridge",
    "postcode": "nb1 2ab",
    "kind": "home",
}


def test_a_move_is_checked_then_recorded_keeping_the_old_address_in_the_history(personas, sign_in):
    child = personas.own_child
    home = ResidenceFactory(person=child, address=AddressFactory(line_1="3 Old Lane"))
    mother = ResidenceFactory(address=home.address, person__adult=True)
    client = sign_in(personas.social_worker)
    url = reverse("cases:address_move", args=[child.pk])
    answers = {**MOVE, "moving_with": [str(mother.pk)]}

    page = check_answers(client, url, answers).content.decode()
    assert "3 Old Lane" in page and "12 Harbour View" in page
    assert Residence.objects.count() == 2  # nothing until confirmed

    response = record(client, url, answers)

    assert banner(response) == ["Move recorded"]
    assert response["Location"].endswith("#addresses")
    home.refresh_from_db()
    assert home.end_date == date(2025, 3, 10)
    new = Residence.objects.get(person=child, end_date__isnull=True)
    assert (new.address.line_1, new.address.postcode, new.start_date) == (
        "12 Harbour View",
        "NB1 2AB",
        date(2025, 3, 10),
    )
    assert Residence.objects.filter(person=mother.person, address=new.address).exists()
    record_page = client.get(reverse("cases:child_record", args=[child.pk])).content.decode()
    assert "3 Old Lane" in record_page and "12 Harbour View" in record_page


def test_a_move_with_a_bad_postcode_and_a_date_before_the_last_move_changes_nothing(
    personas, sign_in
):
    child = personas.own_child
    ResidenceFactory(person=child, start_date=date(2025, 3, 11))
    client = sign_in(personas.social_worker)
    before = _everything()

    response = client.post(
        reverse("cases:address_move", args=[child.pk]), {**MOVE, "postcode": "NB1"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#id_postcode">{POSTCODE_INVALID}</a>' in page
    assert "The date of the move must be after 11 March 2025" in page
    assert _everything() == before
