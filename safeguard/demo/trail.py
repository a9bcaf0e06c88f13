"""The demo authority's audit trail and two-factor devices.

A realistic trail: workers reading and updating their cases over the generated years, the front
door's work on the contacts waiting today (ratings, checks with partners, consent overridden,
feedback to senders), and a few break-glass accesses with their reasons, all written through
the same audit service
(`audit_append`) so the hash chain is real and `verify_audit` checks it. Every worker gets an
account (without a usable password) so "what has this user looked at" works for all of them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action
from safeguard.audit.services import AuditRecord, audit_append
from safeguard.cases.models import Allocation, Assessment, CaseNote, Contact, Visit
from safeguard.front_door.models import ContactRating, InformationRequest, ReferrerFeedback
from safeguard.organisation.models import Worker

LONDON = ZoneInfo("Europe/London")

# Shared by every demo account and printed in the README, so a newcomer can add it to any
# authenticator app. Demo mode only: production settings refuse demo accounts.
DEMO_TOTP_SECRET = "LFZUAYU4L6MBUOAFX65V34LANNSFYU7R"  # noqa: S105 (demo only, published)

BREAK_GLASS_REASONS = (
    "Police called out of hours about a child at this address; duty check before visiting.",
    "Emergency department asked whether the child is known; the allocated worker is on leave.",
    "Covering the front door: a sibling's school raised a concern this afternoon.",
    "Conference chair preparing a transfer-in conference from another authority.",
    "Out-of-hours team: the child was reported missing and found; checking the safety plan.",
)
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/131.0",
    "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0",
)


def demo_totp_key_hex() -> str:
    import base64

    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def demo_devices_create(users: Sequence[object]) -> None:
    key = demo_totp_key_hex()
    for user in users:
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo authenticator", defaults={"key": key, "confirmed": True}
        )


def _username(worker: Worker) -> str:
    base = re.sub(r"[^a-z]", "", f"{worker.first_name[:1]}{worker.last_name}".lower())
    return f"{base or 'worker'}.{worker.pk}"


def worker_accounts_create() -> None:
    """Give every worker without one an account that cannot sign in until an administrator
    sets it up (no usable password, no two-factor device)."""
    User = get_user_model()
    workers = list(Worker.objects.filter(user__isnull=True).order_by("pk"))
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=_username(w),
                password=unusable,
                first_name=w.first_name,
                last_name=w.last_name,
            )
            for w in workers
        ],
        batch_size=2000,
    )
    for worker, user in zip(workers, users, strict=True):
        worker.user = user
    Worker.objects.bulk_update(workers, ["user"], batch_size=2000)


def _moment(rng: random.Random, on: date) -> datetime:
    minutes = rng.randrange(9 * 60, 17 * 60 + 30)
    return datetime.combine(on, time(minutes // 60, minutes % 60), tzinfo=LONDON)


def demo_audit_trail_write(*, seed: int, scale: float, as_of: date) -> int:
    """Write the demo trail; returns the number of entries."""
    rng = random.Random(f"audit-trail-{seed}")
    users = dict(Worker.objects.filter(user__isnull=False).values_list("pk", "user_id"))
    names = dict(
        get_user_model().objects.filter(pk__in=users.values()).values_list("pk", "username")
    )
    budget = max(300, int(60_000 * scale))
    records: list[AuditRecord] = []

    def add(
        at: datetime,
        worker_id: int | None,
        action: str,
        object_type: str,
        object_id: int,
        child_id: int | None,
        reason: str = "",
    ) -> None:
        user_id = users.get(worker_id) if worker_id else None
        if user_id is None:
            return
        records.append(
            AuditRecord(
                action=action,
                actor_id=user_id,
                actor_username=names[user_id],
                object_type=object_type,
                object_id=str(object_id),
                child_id=child_id,
                reason=reason,
                ip_address=f"10.20.{rng.randrange(1, 40)}.{rng.randrange(2, 250)}",
                user_agent=rng.choice(AGENTS),
                at=at,
            )
        )

    events = (
        [
            ("cases.visit", pk, child, worker, on)
            for pk, child, worker, on in Visit.objects.values_list(
                "pk", "child_id", "visited_by_id", "visit_date"
            )
        ]
        + [
            ("cases.casenote", pk, child, worker, on)
            for pk, child, worker, on in CaseNote.objects.values_list(
                "pk", "child_id", "written_by_id", "event_date"
            )
        ]
        + [
            ("cases.assessment", pk, child, worker, on)
            for pk, child, worker, on in Assessment.objects.filter(
                authorised_date__isnull=False
            ).values_list("pk", "child_id", "authorised_by_id", "authorised_date")
        ]
    )
    events.sort(key=lambda e: (e[4], e[0], e[1]))
    if len(events) > budget // 2:
        events = sorted(rng.sample(events, budget // 2), key=lambda e: (e[4], e[0], e[1]))
    for object_type, pk, child, worker, on in events:
        if on is None:
            continue
        when = _moment(rng, on)
        # A worker opens the record, then records the visit, note or authorisation.
        add(
            when - timedelta(minutes=rng.randrange(2, 40)),
            worker,
            Action.READ,
            "people.person",
            child,
            child,
        )
        add(
            when,
            worker,
            Action.CREATE if object_type != "cases.assessment" else Action.UPDATE,
            object_type,
            pk,
            child,
        )

    allocations = list(
        Allocation.objects.filter(worker__isnull=False).values_list(
            "child_id", "worker_id", "team_id", "start_date"
        )
    )
    workers = list(users)
    for _ in range(max(3, int(15 * scale))):
        child, holder, _team, start = rng.choice(allocations)
        outsider = rng.choice([w for w in workers[:200] if w != holder] or workers)
        on = min(as_of, start + timedelta(days=rng.randrange(0, 400)))
        add(
            _moment(rng, on),
            outsider,
            Action.BREAK_GLASS,
            "people.person",
            child,
            child,
            rng.choice(BREAK_GLASS_REASONS),
        )

    # The front door's work on this week's contacts, each opened from the contact first.
    front_door = [
        ("front_door.contactrating", pk, contact, child, worker, at)
        for pk, contact, child, worker, at in ContactRating.objects.values_list(
            "pk", "contact_id", "contact__child_id", "rated_by_id", "rated_at"
        )
    ] + [
        ("front_door.informationrequest", pk, contact, child, worker, at)
        for pk, contact, child, worker, at in InformationRequest.objects.values_list(
            "pk", "contact_id", "contact__child_id", "requested_by_id", "requested_at"
        )
    ] + [
        ("front_door.referrerfeedback", pk, contact, child, worker, at)
        for pk, contact, child, worker, at in ReferrerFeedback.objects.values_list(
            "pk", "contact_id", "contact__child_id", "given_by_id", "given_at"
        )
    ]  # fmt: skip
    for object_type, pk, contact, child, worker, at in sorted(
        front_door, key=lambda e: (e[5], e[0], e[1])
    ):
        add(at - timedelta(minutes=rng.randrange(1, 10)), worker, Action.READ, "cases.contact",
            contact, child)  # fmt: skip
        add(at, worker, Action.CREATE, object_type, pk, child)
    for pk, child, worker, overridden_at in (
        Contact.objects.filter(consent_overridden_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "child_id", "consent_overridden_by_id", "consent_overridden_at")
    ):
        if overridden_at is not None:
            add(overridden_at, worker, Action.UPDATE, "cases.contact", pk, child)

    records.sort(key=lambda r: r.at or datetime.min.replace(tzinfo=LONDON))
    with transaction.atomic():
        audit_append(records)
    return len(records)
