"""How each contact arrived: its route, urgency and consent, drawn by its census source."""

from __future__ import annotations

import random
from collections.abc import Iterable

from safeguard.common import codes
from safeguard.demo import names

from .. import calibration as cal
from ..journeys import ANY_HOUR_SOURCES
from ..records import ChildHistory, ContactRow
from ..streams import Weighted, pick, substream

Route = codes.ContactRoute
Consent = codes.ContactConsent
Urgency = codes.ContactUrgency

ROUTES = {source: Weighted(w) for source, w in cal.CONTACT_ROUTE_WEIGHTS.items()}
# Routes through a partner's own system: only the four demo partners have one.
PARTNER_ROUTES = frozenset({Route.PARTNER_API, Route.PARTNER_FILE})
# A signal treated as a contact is sent by the council's own worker who decided so.
COUNCIL = f"{names.CITY} City Council"
# The routes that reach the front door at any hour (the rest come in office hours).
ANY_HOUR_ROUTES = frozenset(
    {Route.PUBLIC_FORM, Route.PARTNER_API, Route.PARTNER_FILE, Route.SIGNAL, Route.EMAIL}
)
# Who sends from a partner's system, by census source: (organisation, role).
PARTNER_SENDERS = {
    "2A": (names.PARTNER_SCHOOL, "Designated safeguarding lead"),
    "3A": (names.PARTNER_GP_PRACTICE, "Practice safeguarding lead"),
    "3E": (names.PARTNER_EMERGENCY_DEPARTMENT, "Paediatric liaison nurse"),
    "6": (names.PARTNER_POLICE, "Public protection unit"),
}
PUBLIC_SOURCES = frozenset({"1A", "1B", "1C", "1D", "9", "10"})
URGENCY = {
    "public": Weighted({Urgency.ROUTINE: 80, Urgency.TODAY: 17, Urgency.IMMEDIATE: 3}),
    "emergency": Weighted({Urgency.ROUTINE: 62, Urgency.TODAY: 30, Urgency.IMMEDIATE: 8}),
    "professional": Weighted({Urgency.ROUTINE: 88, Urgency.TODAY: 10, Urgency.IMMEDIATE: 2}),
}
CONSENT = {
    "public": Weighted({Consent.UNKNOWN: 60, Consent.GIVEN: 30, Consent.NOT_SOUGHT: 10}),
    "emergency": Weighted({Consent.NOT_SOUGHT: 60, Consent.GIVEN: 25, Consent.UNKNOWN: 15}),
    "professional": Weighted(
        {Consent.GIVEN: 65, Consent.NOT_SOUGHT: 20, Consent.UNKNOWN: 10, Consent.REFUSED: 5}
    ),
}
NOT_SOUGHT_REASONS = (
    "Seeking consent could place the child at greater risk.",
    "The parents could not be reached before the referral was made.",
    "A police notification of an incident: consent is not sought.",
)
REFUSED_REASONS = (
    "The mother declined consent for the referral.",
    "The parents said they did not want children's services involved.",
)


def _kind_of_sender(source: str) -> str:
    if source in PUBLIC_SOURCES:
        return "public"
    return "emergency" if source in ANY_HOUR_SOURCES else "professional"


def describe_arrival(c: ContactRow, rng: random.Random) -> None:
    """The route a contact came by, its urgency and consent, drawn by its source. Through a
    partner's system, the sender is that partner; a signal is the council's own."""
    c.route = ROUTES[c.source].pick(rng)
    if c.route in PARTNER_ROUTES:
        organisation, role = PARTNER_SENDERS[c.source]
        c.referrer, c.referrer_role, c.referrer_organisation = (
            f"{role}, {organisation}", role, organisation,
        )  # fmt: skip
    elif c.route == Route.SIGNAL:
        c.referrer, c.referrer_role, c.referrer_organisation = (
            f"Social worker, {COUNCIL}", "Social worker", COUNCIL,
        )  # fmt: skip
    kind = _kind_of_sender(c.source)
    c.urgency = URGENCY[kind].pick(rng)
    c.consent = CONSENT[kind].pick(rng)
    if c.consent == Consent.NOT_SOUGHT:
        c.consent_reason = pick(rng, NOT_SOUGHT_REASONS)
    elif c.consent == Consent.REFUSED:
        c.consent_reason = pick(rng, REFUSED_REASONS)


def give_routes(children: Iterable[ChildHistory], seed: int) -> None:
    """Every contact's route, urgency and consent (a stream of its own per child)."""
    for h in children:
        rng = substream(seed, "routes", h.index)
        for c in h.contacts:
            describe_arrival(c, rng)
