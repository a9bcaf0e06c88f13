"""Posts, holdings and absences for the workforce tests: made directly, so a test of a rule
sets up exactly the record it needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from safeguard.organisation.models import Team, Worker
from safeguard.workforce.models import Post, PostHolding

FUNDED = date(2020, 1, 6)


def post_in(team: Team, *, reference: str = "", funded_fte: str = "1.00", **kwargs: Any) -> Post:
    """A post in `team` funded since 2020 (one per team and reference)."""
    post, _ = Post.objects.get_or_create(
        authority_id=team.authority_id,
        reference=reference or f"P-{team.pk}",
        defaults={
            "team": team,
            "role": kwargs.pop("role", Worker.Role.SOCIAL_WORKER),
            "funded_fte": Decimal(funded_fte),
            "start_date": kwargs.pop("start_date", FUNDED),
            **kwargs,
        },
    )
    return post


def holding(
    post: Post,
    worker: Worker,
    *,
    fte: str = "1.00",
    basis: str = PostHolding.Basis.PERMANENT,
    start_date: date = FUNDED,
    end_date: date | None = None,
) -> PostHolding:
    return PostHolding.objects.create(
        post=post,
        worker=worker,
        basis=basis,
        fte=Decimal(fte),
        start_date=start_date,
        end_date=end_date,
    )
