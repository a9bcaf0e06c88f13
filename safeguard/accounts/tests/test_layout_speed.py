"""What every signed-in page pays for outside its own reads, made cheaper without changing
what it says: the navigation drawn once per set of items, the account itself (not a lazy
wrapper) behind `request.user`."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import LazyObject

from safeguard.accounts.navigation import navigation
from safeguard.accounts.templatetags.header_navigation import header_navigation

pytestmark = pytest.mark.django_db


def _request_for(user: User, path: str) -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_the_header_navigation_is_what_its_template_draws_for_the_items(personas):
    drawing = get_template("includes/navigation.html")
    for user in personas.users.values():
        for path in ("/", reverse("cases:my_cases"), reverse("tasks:list")):
            request = _request_for(user, path)
            expected = drawing.render(navigation(request))
            # Twice: the second from what was kept.
            assert header_navigation({"request": request}) == expected
            assert header_navigation({"request": request}) == expected


def test_the_header_navigation_marks_the_current_page(personas):
    request = _request_for(personas.social_worker, reverse("cases:my_cases"))
    drawn = header_navigation({"request": request})
    assert f'href="{reverse("cases:my_cases")}" aria-current="page"' in drawn
    elsewhere = header_navigation({"request": _request_for(personas.social_worker, "/")})
    assert "aria-current" not in elsewhere


def test_a_view_sees_the_account_itself_verified(sign_in, personas, rf):
    from safeguard.accounts import middleware

    seen: list[object] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.user)
        return HttpResponse()

    client = sign_in(personas.social_worker)
    request = rf.get("/")
    request.session = client.session
    from django.contrib.auth.middleware import AuthenticationMiddleware

    chain = AuthenticationMiddleware(
        middleware.TwoFactorMiddleware(middleware.SessionSecurityMiddleware(view))
    )
    chain(request)
    (user,) = seen
    assert not isinstance(user, LazyObject)
    assert user.pk == personas.social_worker.pk
    assert user.is_verified()  # type: ignore[union-attr]
