"""The demo's IRO visits and contacts: before most looked-after reviews the child's
independent reviewing officer (the review's chair) speaks to them (Care Planning Regulations
2010, reg. 36): a visit in person a few days to a fortnight before, mostly, where a child old
enough is usually seen alone; otherwise a video or phone call, now and then a letter. About
one review in seven has no contact recorded before it, so the record (and Annex A list 8)
shows the gaps an IRO service would find.

Drawn from a random stream of its own from the reviews the care stage laid out (`care.py`),
so the rest of the demo is as it was; each row is checked with the rules the service asks
(`care.rules`) and written after the rest of the authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from safeguard.care import rules
from safeguard.care.models import IroContact

from .records import CarePeriodRow, ChildHistory, WorkerRow
from .streams import Weighted, between, chance, substream

MISSED = 0.15
METHOD = Weighted({"visit": 65, "remote": 27, "other": 8})
# Under 4 a child is not asked to speak to the IRO alone.
SEEN_ALONE_FROM_AGE = 4
SEEN_ALONE = 0.8


@dataclass(slots=True, eq=False)
class IroContactRow:
    child: ChildHistory
    period: CarePeriodRow
    contact_date: date
    iro: WorkerRow
    method: str
    seen_alone: bool | None


def _age(h: ChildHistory, on: date) -> int:
    born = h.child.date_of_birth
    if born is None or born > on:
        return -1
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def give_iro_contacts(children: list[ChildHistory], seed: int, as_of: date) -> list[IroContactRow]:
    """An IRO contact before most reviews held by `as_of`, by the review's IRO."""
    found = []
    for h in children:
        if not h.care_reviews:
            continue
        rng = substream(seed, "iro", h.index)
        for review in h.care_reviews:
            period, iro = review.period, review.iro
            if iro is None or review.review_date > as_of or chance(rng, MISSED):
                continue
            on = max(period.start_date, review.review_date - timedelta(days=between(rng, 3, 14)))
            method = METHOD.pick(rng)
            seen_alone = None
            if method == "visit":
                seen_alone = _age(h, on) >= SEEN_ALONE_FROM_AGE and chance(rng, SEEN_ALONE)
            row = IroContactRow(h, period, on, iro, method, seen_alone)
            _check(row, as_of)
            found.append(row)
    return found


def _check(row: IroContactRow, as_of: date) -> None:
    p = row.period
    found = rules.iro_contact_within_care_period(
        p.start_date, p.end_date, "contact_date", row.contact_date
    )
    found += rules.iro_contact_seen_alone_fits(row.method, row.seen_alone)
    left = row.iro.left_on
    found += rules.iro_contact_by_iro(left is None or row.contact_date <= left)
    if found or row.contact_date > as_of:
        raise AssertionError(f"demo IRO contact breaks {[v.rule for v in found]}")


def write_iro_contacts(rows: list[IroContactRow]) -> dict[str, int]:
    """Write the rows once the children, their periods of care and the IROs have their ids."""
    with transaction.atomic():
        IroContact.objects.bulk_create(
            IroContact(
                child_id=r.child.child.id,
                period_id=r.period.id,
                contact_date=r.contact_date,
                iro_id=r.iro.id,
                method=r.method,
                seen_alone=r.seen_alone,
            )
            for r in rows
        )
    return {"IRO contacts": len(rows)}
