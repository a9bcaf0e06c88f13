"""A worker holds their role until their leaving date, and not on or after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.access.roles import role_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days_until_leaving", "in_post"), [(None, True), (1, True), (0, False), (-3, False)]
)
def test_a_leaving_date_takes_effect_on_the_day(personas, days_until_leaving, in_post):
    user = personas.social_worker
    worker = user.worker
    worker.left_on = (
        None
        if days_until_leaving is None
        else timezone.localdate() + timedelta(days=days_until_leaving)
    )
    worker.save(update_fields=["left_on"])
    user.refresh_from_db()
    user.__dict__.pop("_safeguard_worker", None)
    assert (role_of(user) == "social_worker") is in_post
