"""The pages that change who a child is, their relationships, who they live with and where.

Each page checks the role (`child.change_details`: those who hold the case), asks one
selector (need to know, one audited read), declares the change and hands it to the one flow
that records a step (`actions.flow.run`: the form, "Check your answers", confirm; a one-time
token; a refusal shown beside its input). The writes are `people.services`, which validate,
keep the history (a relationship or a stay ends on a date, never overwritten) and audit
themselves.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from safeguard.accounts.access import requires
from safeguard.common.forms import day_text
from safeguard.people import services as people_services
from safeguard.people.forms_details import (
    ChildDetailsForm,
    HouseholdAddForm,
    HouseholdLeaveForm,
    MoveForm,
    RelationshipAddForm,
    RelationshipChangeForm,
    RelationshipEndForm,
    details_from,
    details_of,
    new_person_from,
)
from safeguard.people.models import Person, Residence

from .. import selectors
from ..selectors import ChildDetails
from .actions.flow import StatutoryAction, child_record_url, run

CHANGE = "child.change_details"
YES_NO = {True: "yes", False: "no"}
# What the people services call the inputs that these forms name otherwise.
WHO = {"relative": "who"}


def _on_record(child: Person, anchor: str) -> str:
    return f"{child_record_url(child.pk)}#{anchor}"


def _household_url(child: Person) -> str:
    return reverse("cases:household", args=[child.pk])


@requires(CHANGE)
def child_details_change(request: HttpRequest, child_id: int) -> HttpResponse:
    """Correct the child's names, date of birth, sex, ethnicity, NHS number and UPN."""
    child = selectors.child_get_for_change(user=request.user, child_id=child_id, request=request)
    before = details_of(child)

    def record(answers: dict[str, Any]) -> str:
        people_services.person_details_change(person=child, **details_from(before, answers))
        return "The child's details have been changed"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Change the child's details",
            form_class=ChildDetailsForm,
            form_kwargs={"person": child},
            initial=before,
            record=record,
            back_url=_on_record(child, "child"),
            check_template="cases/details/check_answers.html",
        ),
    )


@requires(CHANGE)
def household(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's relationships and who lives with them, each with what may be changed."""
    details = selectors.child_details_get(user=request.user, child_id=child_id, request=request)
    return render(
        request,
        "cases/details/household.html",
        {
            "child": details.child,
            "details": details,
            "back_url": _on_record(details.child, "household"),
        },
    )


def _people_by_id(people: list[Person]) -> dict[str, Person]:
    return {str(p.pk): p for p in people}


@requires(CHANGE)
def relationship_add(request: HttpRequest, child_id: int) -> HttpResponse:
    details = selectors.child_details_get(user=request.user, child_id=child_id, request=request)
    child = details.child
    candidates = details.people_on_record_unrelated()
    chosen = _people_by_id(candidates)

    def record(answers: dict[str, Any]) -> str:
        people_services.relationship_add(
            child=child,
            kind=answers["kind"],
            has_parental_responsibility=answers["has_parental_responsibility"],
            start_date=answers["start_date"],
            relative=chosen.get(answers["who"]),
            new_relative=new_person_from(answers),
        )
        return "Relationship added"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Add a relationship",
            form_class=RelationshipAddForm,
            form_kwargs={"people": candidates},
            record=record,
            field_map=WHO,
            back_url=_household_url(child),
            check_template="cases/details/check_answers.html",
        ),
    )


@requires(CHANGE)
def relationship_change(request: HttpRequest, child_id: int, relationship_id: int) -> HttpResponse:
    child, row = selectors.relationship_get_for_change(
        user=request.user, child_id=child_id, relationship_id=relationship_id, request=request
    )
    relationship = row.relationship

    def record(answers: dict[str, Any]) -> str:
        people_services.relationship_change(
            relationship=relationship,
            child=child,
            kind=answers["kind"],
            has_parental_responsibility=answers["has_parental_responsibility"],
        )
        return "Relationship changed"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Change a relationship",
            form_class=RelationshipChangeForm,
            initial={
                "kind": relationship.kind,
                "has_parental_responsibility": YES_NO[relationship.has_parental_responsibility],
            },
            record=record,
            facts=[("Name", row.other.full_name), ("Relationship now", row.description)],
            back_url=_household_url(child),
            check_template="cases/details/check_answers.html",
        ),
    )


@requires(CHANGE)
def relationship_end(request: HttpRequest, child_id: int, relationship_id: int) -> HttpResponse:
    child, row = selectors.relationship_get_for_change(
        user=request.user, child_id=child_id, relationship_id=relationship_id, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        people_services.relationship_end(
            relationship=row.relationship, child=child, end_date=answers["end_date"]
        )
        return "Relationship ended"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="End a relationship",
            form_class=RelationshipEndForm,
            record=record,
            facts=[
                ("Name", row.other.full_name),
                ("Relationship", row.description),
                ("Since", day_text(row.relationship.start_date)),
            ],
            back_url=_household_url(child),
            check_template="cases/details/check_answers.html",
        ),
    )


def _no_address(request: HttpRequest, child: Person) -> HttpResponse:
    return render(
        request,
        "cases/details/no_address.html",
        {"child": child, "back_url": _household_url(child)},
    )


@requires(CHANGE)
def household_member_add(request: HttpRequest, child_id: int) -> HttpResponse:
    """Someone starts living with the child: a relative already on the record, or someone
    new with their relationship to the child."""
    details = selectors.child_details_get(user=request.user, child_id=child_id, request=request)
    child = details.child
    homes = details.homes_for_household
    if not homes:
        return _no_address(request, child)
    candidates = _relatives_elsewhere(details)
    chosen = _people_by_id(candidates)
    home_by_id = {str(r.pk): r for r in homes}

    def record(answers: dict[str, Any]) -> str:
        people_services.household_member_add(
            child=child,
            residence=home_by_id.get(answers.get("address", ""), homes[0]),
            start_date=answers["start_date"],
            relative=chosen.get(answers["who"]),
            new_relative=new_person_from(answers),
            kind=answers["kind"],
            has_parental_responsibility=answers["has_parental_responsibility"] is True,
        )
        return "Household changed"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Add someone who lives with the child",
            form_class=HouseholdAddForm,
            form_kwargs={"people": candidates, "homes": homes},
            record=record,
            facts=[("Address", str(homes[0].address))] if len(homes) == 1 else [],
            field_map=WHO,
            back_url=_household_url(child),
            check_template="cases/details/check_answers.html",
        ),
    )


def _relatives_elsewhere(details: ChildDetails) -> list[Person]:
    """The child's current relatives who do not live with the child now."""
    living_with = {stay.person_id for stay in details.household}
    people = {
        r.other.pk: r.other
        for r in details.relationships
        if r.is_current and r.other.pk not in living_with
    }
    return sorted(people.values(), key=lambda p: (p.last_name, p.first_name, p.pk))


@requires(CHANGE)
def household_member_leave(request: HttpRequest, child_id: int, residence_id: int) -> HttpResponse:
    child, stay = selectors.household_member_get_for_change(
        user=request.user, child_id=child_id, residence_id=residence_id, request=request
    )

    def record(answers: dict[str, Any]) -> str:
        people_services.household_member_leave(
            child=child, residence=stay, end_date=answers["end_date"]
        )
        return "Household changed"

    return run(
        request,
        StatutoryAction(
            child=child,
            title="Someone has moved out",
            form_class=HouseholdLeaveForm,
            record=record,
            facts=[
                ("Name", stay.person.full_name),
                ("Address", str(stay.address)),
                ("Moved in", day_text(stay.start_date)),
            ],
            back_url=_household_url(child),
            check_template="cases/details/check_answers.html",
        ),
    )


@requires(CHANGE)
def address_move(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child moves house: the current stay ends on the day of the move and a new one
    starts there; members of the household chosen move too."""
    details = selectors.child_details_get(user=request.user, child_id=child_id, request=request)
    child, homes = details.child, details.homes
    home_by_id = {str(r.pk): r for r in homes}
    household = details.household if homes else []
    stays = {str(r.pk): r for r in household}

    def leaving(answers: dict[str, Any]) -> Residence | None:
        if not homes:
            return None
        return home_by_id.get(answers.get("leaving", ""), homes[0])

    def record(answers: dict[str, Any]) -> str:
        people_services.residence_move(
            child=child,
            residence=leaving(answers),
            move_date=answers["move_date"],
            line_1=answers["line_1"],
            line_2=answers["line_2"],
            town=answers["town"],
            postcode=answers["postcode"],
            kind=answers["kind"],
            moving_with=[stays[i] for i in answers.get("moving_with", []) if i in stays],
        )
        return "Move recorded" if homes else "Address recorded"

    facts = [("Moving from", str(homes[0].address))] if len(homes) == 1 else []
    return run(
        request,
        StatutoryAction(
            child=child,
            title="Record a move" if homes else "Record the child's address",
            form_class=MoveForm,
            form_kwargs={"homes": homes, "household": household},
            record=record,
            facts=facts,
            field_map={"address": "leaving"},
            back_url=_on_record(child, "addresses"),
            check_template="cases/details/check_answers.html",
        ),
    )
