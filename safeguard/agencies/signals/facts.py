"""Load what the rules need to know about one child, in a fixed number of queries.

Not a user-facing read (no need to know is applied: the rules run for the system, and what
they find goes only to the people responsible for the child); the pages read signals through
`selectors.py`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from safeguard.agencies.models import PartnerEvent
from safeguard.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Contact,
    LookedAfterPeriod,
    Referral,
    Visit,
)
from safeguard.people.identifiers import normalise_postcode
from safeguard.people.models import Person, Residence

from . import rules
from .rules import (
    ChildFacts,
    ContactFact,
    PartnerEventFact,
    Period,
    ResidenceFact,
    SightingFact,
)

# Events about a household that the rules read for the children living at its address:
# domestic abuse (SG04), and concerns and arrests that may mark sexual harm there (SG07).
ADDRESS_EVENT_TYPES = frozenset(
    {rules.DOMESTIC_ABUSE_NOTIFICATION, rules.CONCERN, rules.HOUSEHOLD_MEMBER_ARREST}
)

# How far back the rules ever look; older rows are not read. The widest window is twelve
# months (contacts); the last sighting may be older, so sightings are read without a limit.
LOOK_BACK_DAYS = 400


def _event_fact(event: PartnerEvent) -> PartnerEventFact:
    return PartnerEventFact(
        id=event.pk,
        event_type=event.event_type,
        occurred_on=event.occurred_on,
        organisation=event.organisation.name,
        postcode=event.postcode,
        address_line=event.address_line,
        non_mobile=event.event_type == rules.INJURY and event.details.get("non_mobile") is True,
        sexual_harm=rules.marks_sexual_harm(event.event_type, event.details),
    )


def _local_date(moment: object) -> date:
    return timezone.localtime(moment).date()  # type: ignore[arg-type]


def child_facts_get(*, child_id: int, today: date) -> ChildFacts:
    """Eleven queries, whatever the size of the case."""
    child = Person.objects.only("pk", "date_of_birth").get(pk=child_id)
    since = today - timedelta(days=LOOK_BACK_DAYS)

    def periods(rows: object) -> tuple[Period, ...]:
        return tuple(Period(pk, start, end) for pk, start, end in rows)  # type: ignore[attr-defined]

    protection_plans = periods(
        ChildProtectionPlan.objects.filter(child_id=child_id).values_list(
            "pk", "start_date", "end_date"
        )
    )
    cin_plans = periods(
        ChildInNeedPlan.objects.filter(child_id=child_id).values_list(
            "pk", "start_date", "end_date"
        )
    )
    referrals = periods(
        Referral.objects.filter(child_id=child_id).values_list(
            "pk", "referral_date", "closure_date"
        )
    )
    care_periods = periods(
        LookedAfterPeriod.objects.filter(child_id=child_id).values_list(
            "pk", "start_date", "end_date"
        )
    )
    # Every contact about the child, whatever route it came by (phone, the public's and
    # professionals' forms, a partner's system or file, a signal): the rules decide which count.
    contacts = tuple(
        ContactFact(pk, _local_date(received_at), became_referral, route)
        for pk, received_at, became_referral, route in Contact.objects.filter(
            child_id=child_id, received_at__date__gte=since
        )
        .annotate(became=Exists(Referral.objects.filter(contact_id=OuterRef("pk"))))
        .values_list("pk", "received_at", "became", "route")
    )
    sightings = tuple(
        SightingFact("visit", pk, on)
        for pk, on in Visit.objects.filter(child_id=child_id, child_seen=True).values_list(
            "pk", "visit_date"
        )
    ) + tuple(
        SightingFact("assessment", pk, on)
        for pk, on in Assessment.objects.filter(
            child_id=child_id, child_seen_date__isnull=False
        ).values_list("pk", "child_seen_date")
        if on is not None
    )
    # Events that show the child was seen are read however old; the rest within the window.
    events = tuple(
        _event_fact(e)
        for e in PartnerEvent.objects.filter(child_id=child_id)
        .filter(Q(occurred_on__gte=since) | Q(event_type__in=sorted(rules.EVENTS_WHERE_CHILD_SEEN)))
        .select_related("organisation")
        .only(
            "pk",
            "event_type",
            "occurred_on",
            "postcode",
            "address_line",
            "details",
            "organisation__name",
        )
    )
    residences = tuple(
        ResidenceFact(postcode, line_1, start, end)
        for postcode, line_1, start, end in Residence.objects.filter(person_id=child_id)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .values_list("address__postcode", "address__line_1", "start_date", "end_date")
    )
    postcodes = sorted({normalise_postcode(r.postcode) for r in residences if r.postcode})
    address_events: tuple[PartnerEventFact, ...] = ()
    if postcodes:
        address_events = tuple(
            _event_fact(e)
            for e in PartnerEvent.objects.filter(
                postcode__in=postcodes,
                event_type__in=sorted(ADDRESS_EVENT_TYPES),
                occurred_on__gte=since,
            )
            .exclude(child_id=child_id)
            .select_related("organisation")
            .only(
                "pk",
                "event_type",
                "occurred_on",
                "postcode",
                "address_line",
                "details",
                "organisation__name",
            )
        )
    return ChildFacts(
        child_id=child.pk,
        date_of_birth=child.date_of_birth,
        protection_plans=protection_plans,
        cin_plans=cin_plans,
        referrals=referrals,
        care_periods=care_periods,
        contacts=contacts,
        sightings=sightings,
        events=events,
        address_events=address_events,
        residences=residences,
    )
