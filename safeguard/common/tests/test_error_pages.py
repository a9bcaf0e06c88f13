"""The service's own 403, 404 and 500 pages, as the demo and production show them (DEBUG off)."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import RequestFactory, override_settings

from safeguard.common.views import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("safeguard.common.tests.urls_raising")]

GOVUK_STYLESHEET = "govuk/govuk-frontend.min.css"


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def test_an_unknown_address_shows_the_govuk_not_found_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert GOVUK_STYLESHEET in page
    assert "<title>Page not found \u2013 Safeguard</title>" in page


def test_a_signed_in_user_sees_the_not_found_page_with_their_navigation(personas, sign_in):
    response = sign_in(personas.social_worker).get("/no-such-page")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Sign out" in page


def test_a_role_refused_by_requires_sees_the_govuk_forbidden_page(personas, sign_in):
    # The audit trail is for auditors: `requires("audit.view")` refuses a social worker.
    response = sign_in(personas.social_worker).get("/audit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">You cannot use this page</h1>' in page
    assert "Your role does not give you access to this page." in page
    assert GOVUK_STYLESHEET in page
    # The refused permission's name is not shown.
    assert "audit.view" not in page


def test_a_failing_view_shows_the_govuk_problem_page_and_no_traceback(client):
    client.raise_request_exception = False
    response = client.get("/fail")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in page
    assert GOVUK_STYLESHEET in page
    assert "Traceback" not in page
    assert "a deliberate failure" not in page


def test_the_problem_page_renders_with_no_request_context_while_the_database_is_down():
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert GOVUK_STYLESHEET in response.content.decode()


def test_the_problem_page_falls_back_to_plain_html_when_static_files_were_never_collected(
    tmp_path,
):
    # Production's hashed storage with an empty STATIC_ROOT: `{% static %}` itself fails.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in page
    assert GOVUK_STYLESHEET not in page
