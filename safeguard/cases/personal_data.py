"""The tables about a person: what a subject access export writes and a deletion would remove.

Every model in every installed app with a path to a person (`person_paths`) holds rows about
them, unless it is named in `NOT_ABOUT_THE_PERSON` with its reason, or is one of the people
tables that the export writes in sections of its own (`PEOPLE_SECTIONS`). A new app's tables
are therefore exported and counted by retention without changing this module; a table that
should not be must be excluded here, with its reason, and a test fails until one or the other
is decided.

The models are read from the app registry at run time, by label: cases names no model of the
apps above it (care, permanence, the partner hub...), as the import layers require.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models import Q

from safeguard.common.admin import PERSON_MODEL, child_paths

# Written by the export in sections of their own (the person, their identifiers and
# disabilities, addresses, relationships and household), not as case records.
PEOPLE_SECTIONS = frozenset(
    {
        "people.person",
        "people.persondisability",
        "people.relationship",
        "people.residence",
        "people.address",
    }
)

# Tables with a path to a person whose rows are not about that person. Each reason says why.
NOT_ABOUT_THE_PERSON: dict[str, str] = {
    # Staff accounts, reached only through the alerts sent to them about a child.
    "auth.user": "a member of staff's account, reached through their alerts",
    # The allocated workers and teams are named (as workers acting in their professional
    # capacity) in every row that points at them; their own records are about staff.
    "organisation.worker": "a member of staff, reached through their allocations",
    "organisation.team": "a team, reached through its allocations",
    # Alerts repeat what the break-glass grant and the audit entries already hold, addressed
    # to staff; exporting them would add nothing about the person but more about the staff.
    "access.alert": "a message to a member of staff, repeating the grant and audit entries",
    # A worker's mark that they have seen a new allocation: about the worker's inbox.
    "tasks.allocationseen": "a worker's mark that they saw an allocation",
    # The partner organisation is named in each event and check that points at it (the source
    # of the data, Art. 15(1)(g)); its own row is about the organisation.
    "agencies.partnerorganisation": "a partner organisation, reached through its events",
    # A trained version of the matching model (weights and thresholds), reached through the
    # reviews it scored: the same for everyone, nothing about the person.
    "linkage.linkagemodel": "the matching model's version, reached through its reviews",
    # Evidence in the council's improvement plan may cite a case audit (exported with the
    # child); the evidence row holds nothing more about them.
    "improvement.evidence": "evidence in the improvement plan, citing a case audit",
}
# Exported though they may look like machinery: a partner submission holds what the partner
# was told back about the child (a disclosure to a recipient, Art. 15(1)(c)); a linkage match
# review, where a person created from a partner's record came from, and a candidate turned
# down are decisions about who the person is, made from their details. What in them describes
# someone else is marked by subject_access.

# Rows on someone else's record that also name the person, beyond `person_paths`: exported to
# them (Art. 15 covers every row about them), never counted as deleted with them (the other
# person's record stays).
ALSO_NAMED_ON: dict[str, tuple[str, ...]] = {
    # An adult a partner named on a child's event (the person arrested, the parties to a
    # domestic abuse incident): the event is about them too.
    "agencies.partnerevent": ("adults__person",),
}
# Rows that point at someone else but go with the person's record: exported (marked) and
# counted. The adults a partner named on a child's event are deleted with the event.
GOES_WITH_RECORD: dict[str, tuple[str, ...]] = {
    "agencies.partnereventadult": ("event__child",),
}


# Family help's rows are the family's: about every child in it (their family_help
# EarlyHelpEpisode), two or three joins away, further than the admin's `child_paths` looks.
THROUGH_THE_FAMILY: dict[str, tuple[str, ...]] = {
    "family_help.leadpractitioner": ("family_help__children__child",),
    "family_help.familyhelpassessment": ("family_help__children__child",),
    "family_help.assessedneed": ("assessment__family_help__children__child",),
    "family_help.familyplan": ("family_help__children__child",),
    "family_help.planoutcome": ("plan__family_help__children__child",),
    "family_help.planaction": ("outcome__plan__family_help__children__child",),
    "family_help.teamaroundfamilymeeting": ("family_help__children__child",),
    "family_help.meetingattendee": ("meeting__family_help__children__child",),
    "family_help.familyplanreview": ("plan__family_help__children__child",),
    "family_help.outcomeprogress": ("review__plan__family_help__children__child",),
    # A family group conference is for a child, or for a family in family help (then about
    # every child in it), or both; its family network's attendees go with it.
    "proceedings.familygroupconference": ("child", "family_help__children__child"),
    "proceedings.familynetworkattendee": (
        "conference__child",
        "conference__family_help__children__child",
    ),
}


def _one_to_one_person(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if f.one_to_one and f.related_model._meta.label_lower == PERSON_MODEL  # type: ignore[union-attr]
    )


def person_paths(model: type[models.Model]) -> tuple[str, ...]:
    """The lookups from a row of `model` to the person whose record it belongs to: the admin's
    `child_paths`, except that a one-to-one field to a person (a restricted record, where a
    person created from a partner's record came from) names the row's own person, and wins
    over any path through another table (which would lead to someone else)."""
    through_the_family = THROUGH_THE_FAMILY.get(model._meta.label_lower)
    if through_the_family:
        return through_the_family
    own = _one_to_one_person(model)
    if own:
        return own + tuple(path for path in child_paths(model) if "__" not in path)
    return child_paths(model)


def record_paths(model: type[models.Model]) -> tuple[str, ...]:
    """The lookups to the person whose record a row goes with (what retention counts)."""
    return person_paths(model) + GOES_WITH_RECORD.get(model._meta.label_lower, ())


def export_paths(model: type[models.Model]) -> tuple[str, ...]:
    """The lookups to every person a row is about (what subject access exports)."""
    return record_paths(model) + ALSO_NAMED_ON.get(model._meta.label_lower, ())


def models_with_a_person() -> list[type[models.Model]]:
    """Every installed model with a path to a person, whether exported or excluded."""
    return [m for m in apps.get_models() if person_paths(m)]


def records_about_a_person() -> list[type[models.Model]]:
    """The tables whose rows are about a person, besides the people tables."""
    return [
        m
        for m in models_with_a_person()
        if m._meta.label_lower not in NOT_ABOUT_THE_PERSON
        and m._meta.label_lower not in PEOPLE_SECTIONS
    ]


def tables_deleted_with_a_person() -> list[type[models.Model]]:
    """The tables a deletion of a person's record removes rows from: the people tables but
    addresses (shared by whoever lived there; the residence goes), and the records about them."""
    people = [apps.get_model(name) for name in sorted(PEOPLE_SECTIONS - {"people.address"})]
    return people + records_about_a_person()


def about(paths: Iterable[str], person_ids: Iterable[int]) -> Q:
    """Rows reached from any of `paths` by any of the people."""
    ids = list(person_ids)
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": ids})
    return condition
