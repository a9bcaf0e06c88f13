"""The partner API's rate limit: so many requests a minute for each token.

Counted in the database (`PartnerTokenWindow`, one row a token), not in a process's memory
or Django's local cache: the application runs as several server processes, and a limit each
of them kept alone would let a token make that many requests in each. The count moves with
single UPDATE statements (`requests + 1`), which the database applies one after another, so
no two processes can read the same count and both write one more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import PartnerToken, PartnerTokenWindow

__all__ = [
    "RATE_LIMITED",
    "Admission",
    "partner_token_request_admit",
]

WINDOW = timedelta(minutes=1)
RATE_LIMITED = (
    "Too many requests: this token may make {limit} requests a minute. Wait {seconds} "
    "seconds (the Retry-After header) and send this request again; nothing of it was stored"
)


@dataclass(frozen=True)
class Admission:
    allowed: bool
    limit: int
    # Seconds until the minute ends and the count starts again.
    retry_after: int

    @property
    def message(self) -> str:
        return RATE_LIMITED.format(limit=self.limit, seconds=self.retry_after)


def _count(token: PartnerToken, minute: datetime) -> int:
    """Count one request in the token's window for `minute` and return the count so far."""
    windows = PartnerTokenWindow.objects.filter(token=token)
    # In one transaction, so the count read back is the one this UPDATE wrote (the row stays
    # locked until the commit).
    with transaction.atomic():
        if windows.filter(started_at=minute).update(requests=F("requests") + 1):
            return windows.values_list("requests", flat=True).get()
        # The first request of a new minute starts the count again; of two processes racing
        # to do it, the second finds the row already moved and counts in it instead.
        if windows.filter(started_at__lt=minute).update(started_at=minute, requests=1):
            return 1
    try:
        with transaction.atomic():
            PartnerTokenWindow.objects.create(token=token, started_at=minute, requests=1)
        return 1
    except IntegrityError:
        pass
    # Another process made the row first, or its clock is a minute ahead of this one: count
    # in the row as it is.
    with transaction.atomic():
        windows.update(requests=F("requests") + 1)
        return windows.values_list("requests", flat=True).get()


def partner_token_request_admit(*, token: PartnerToken, now: datetime | None = None) -> Admission:
    """Count a request by `token` and say whether it is within the limit
    (settings.SAFEGUARD_API_REQUESTS_PER_MINUTE). A refused request counts too, so a client
    that keeps sending is still refused until the minute is over."""
    limit: int = settings.SAFEGUARD_API_REQUESTS_PER_MINUTE
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    count = _count(token, minute)
    retry_after = max(1, math.ceil((minute + WINDOW - now).total_seconds()))
    return Admission(allowed=count <= limit, limit=limit, retry_after=retry_after)
