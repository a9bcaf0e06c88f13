"""The service navigation: every item names a real page, and a person sees only what their
role allows."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from safeguard.accounts.navigation import ITEMS, navigation


def test_every_navigation_item_names_a_page_that_exists():
    for label, name, _permission in ITEMS:
        assert reverse(name), label


@pytest.mark.django_db
def test_a_social_worker_is_offered_my_cases_and_not_the_audit_trail(personas):
    request = RequestFactory().get("/")
    request.user = personas.social_worker
    labels = {item["label"] for item in navigation(request)["navigation"]}
    assert "My cases" in labels
    assert not any("audit" in label.lower() for label in labels)
