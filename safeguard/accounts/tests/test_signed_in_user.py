"""`signed_in_user`: the user behind a protected view's request, never the anonymous visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from safeguard.accounts.access import signed_in_user


def test_a_signed_in_request_gives_its_user(personas):
    request = RequestFactory().get("/")
    request.user = personas.social_worker
    assert signed_in_user(request) is personas.social_worker


def test_an_anonymous_request_is_refused_rather_than_recorded_against_nobody():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in_user(request)
