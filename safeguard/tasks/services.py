"""Writes about tasks: a worker saying they have seen a new allocation, asking for (or
stopping) the daily email, and sending it.

The email carries counts and links only. A child's name, a reason, a signal's explanation are
case content, and email leaves the authority's systems: the person opens Safeguard, signed in,
to read them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.models import Allocation
from safeguard.common.errors import SafeguardError

from .models import AllocationSeen, DigestSubscription
from .selectors import SECTIONS, TaskList, task_list_get

logger = logging.getLogger(__name__)

DIGEST_NEEDS_EMAIL = (
    "Your account has no email address, so the daily email cannot be sent. Ask your system "
    "administrator to add your work email address to your account."
)
DIGEST_NOT_ALLOWED = "Your role has no task list, so there is nothing to email you."
SITE_URL_MISSING = (
    "Set SAFEGUARD_SITE_URL to the address people open Safeguard at (for example "
    "https://safeguard.example.gov.uk), so that the links in the email lead somewhere."
)


def allocation_acknowledge(*, user: User, allocation: Allocation) -> AllocationSeen:
    """The worker has seen that this child's case is now theirs: the allocation leaves their
    new allocations. Saying so twice keeps the first time. The caller has checked that the
    allocation is theirs (`selectors.task_allocation_get`)."""
    with transaction.atomic():
        seen, created = AllocationSeen.objects.get_or_create(
            user=user, allocation=allocation, defaults={"seen_at": timezone.now()}
        )
        if created:
            audit_record(
                action=Action.CREATE,
                actor=user,
                object_type="tasks.allocationseen",
                object_id=allocation.pk,
                child_id=allocation.child_id,
            )
    return seen


def digest_subscribe(*, user: User) -> DigestSubscription:
    """Send this person the daily email of their task counts, to their account's address."""
    if not allowed(user, "tasks.view"):
        raise SafeguardError(DIGEST_NOT_ALLOWED, code="digest_not_allowed")
    if not user.email:
        raise SafeguardError(DIGEST_NEEDS_EMAIL, code="digest_needs_email")
    with transaction.atomic():
        subscription, created = DigestSubscription.objects.get_or_create(
            user=user, defaults={"subscribed_at": timezone.now()}
        )
        if created:
            audit_record(
                action=Action.CREATE,
                actor=user,
                object_type="tasks.digestsubscription",
                object_id=user.pk,
            )
    return subscription


def digest_unsubscribe(*, user: User) -> None:
    """Stop the daily email. Stopping one that was never asked for changes nothing."""
    with transaction.atomic():
        deleted, _ = DigestSubscription.objects.filter(user=user).delete()
        if deleted:
            audit_record(
                action=Action.DELETE,
                actor=user,
                object_type="tasks.digestsubscription",
                object_id=user.pk,
            )


def digest_text(*, tasks: TaskList, today: date, site_url: str) -> str:
    """The email's plain text: how many of each kind of task, each with a link to its place
    on the task list, and nothing of the tasks themselves."""
    page = site_url.rstrip("/") + reverse("tasks:list")
    lines = [
        {
            "heading": SECTIONS[section.kind].heading,
            "count": f"{section.count}{'+' if section.more else ''}",
            "url": f"{page}#{section.kind.value}",
        }
        for section in tasks.shown
    ]
    return render_to_string(
        "tasks/digest.txt",
        {
            "today": today,
            "lines": lines,
            "total": tasks.total,
            "more": tasks.more,
            "page": page,
            "settings_url": f"{page}#digest",
        },
    )


@dataclass(frozen=True)
class DigestRun:
    sent: int = 0
    # Asked for it, but had nothing to do today: no email (an empty one is noise).
    nothing_to_do: int = 0
    # Account disabled, role without a task list, or no address any more.
    not_sendable: int = 0
    # A digest already went today (a second run on the same day sends nothing again).
    already_sent: int = 0


def task_digests_send(*, today: date, site_url: str) -> DigestRun:
    """Email each person who asked for it their task counts, once a day, through Django's
    mail backend. Run each working morning (`send_task_digests`)."""
    if not site_url:
        raise SafeguardError(SITE_URL_MISSING, code="site_url_missing")
    sent = nothing = unsendable = already = 0
    subscriptions = DigestSubscription.objects.select_related("user").order_by("user_id")
    for subscription in subscriptions:
        user = subscription.user
        if subscription.last_sent_on == today:
            already += 1
            continue
        if not (user.is_active and user.email and allowed(user, "tasks.view")):
            unsendable += 1
            continue
        tasks = task_list_get(user=user, today=today)
        if not tasks.total:
            nothing += 1
            continue
        count = f"{tasks.total}{'+' if tasks.more else ''}"
        send_mail(
            subject=f"Safeguard: your tasks today ({count})",
            message=digest_text(tasks=tasks, today=today, site_url=site_url),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_on=today)
        sent += 1
    # Counts only: a log line never names a person or a child.
    logger.info(
        "task digests: sent=%d nothing_to_do=%d not_sendable=%d already_sent=%d",
        sent,
        nothing,
        unsendable,
        already,
    )
    return DigestRun(
        sent=sent, nothing_to_do=nothing, not_sendable=unsendable, already_sent=already
    )
