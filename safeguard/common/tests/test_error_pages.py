"""The service's own 400, 403 (a role refused, a use refused with its reason, a form sent
without a valid security token), 404 and 500 pages, as the demo and production show them
(DEBUG off): each in the GOV.UK pattern, saying what to do next; the 400 and 500 pages give a
reference that the log line carries too."""

import logging
import re
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils.html import escape

from safeguard.audit.models import AuditEntry
from safeguard.common.tests.urls_raising import REFUSED_NEXT, REFUSED_WHY
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


def test_the_problem_page_gives_a_reference_that_the_log_carries_too(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="safeguard.common.views"):
        response = client.get("/fail")
    reference = _reference(response)
    assert "tell your system administrator this reference: " in response.content.decode()
    assert any(reference in record.getMessage() for record in caplog.records)


def _reference(response) -> str:
    found = re.search(r'id="error-reference">([0-9A-F]{8})<', response.content.decode())
    assert found, "the page gives no reference"
    return found.group(1)


def test_a_request_django_finds_suspicious_gets_the_govuk_bad_request_page(client, caplog):
    with caplog.at_level(logging.WARNING, logger="safeguard.common.errors"):
        response = client.get("/suspicious")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with your request</h1>' in page
    assert GOVUK_STYLESHEET in page
    assert "Go back to the page you came from, reload it and try again." in page
    assert "deliberately suspicious" not in page
    reference = _reference(response)
    logged = [r.getMessage() for r in caplog.records if reference in r.getMessage()]
    assert logged == [f"Bad request (SuspiciousOperation) answered with reference {reference}"]


def test_a_request_for_a_host_name_not_allowed_gets_the_govuk_bad_request_page(client):
    response = client.get("/", HTTP_HOST="not-this-service.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()
    assert GOVUK_STYLESHEET in response.content.decode()


def test_two_failures_get_two_references(client):
    client.raise_request_exception = False
    assert _reference(client.get("/suspicious")) != _reference(client.get("/suspicious"))


def test_a_refusal_with_a_reason_says_why_and_what_to_do_next(personas, sign_in):
    response = sign_in(personas.analyst).get("/refuse-with-a-reason")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">You cannot use this page</h1>' in page
    assert f'<p class="govuk-body" id="refused-why">{REFUSED_WHY}</p>' in page
    assert f'<a href="/returns/census/" class="govuk-link">{escape(REFUSED_NEXT)}</a>' in page
    # Not the words for a role without the permission: the role was not the reason.
    assert "Your role does not give you access" not in page
    assert GOVUK_STYLESHEET in page and "Sign out" in page
    # Recorded in the audit trail as every refusal is (the reason's text is not).
    refusal = AuditEntry.objects.get(action="refused")
    assert refusal.details["status"] == 403 and REFUSED_WHY not in str(refusal.details)


def test_any_other_permission_denied_raised_in_a_view_gets_the_styled_page_not_its_message(
    personas, sign_in
):
    response = sign_in(personas.analyst).get("/refuse-plainly")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your role does not give you access to this page." in page
    assert GOVUK_STYLESHEET in page
    assert "never shown" not in page


def _csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_a_sign_in_form_sent_without_its_security_token_gets_the_govuk_page():
    response = _csrf_client().post(reverse("accounts:sign_in"), {"username": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your form could not be sent</h1>' in page
    assert "<li>reload the page</li>" in page
    assert GOVUK_STYLESHEET in page
    # Someone not signed in (a member of the public's report) has no administrator to tell.
    assert "system administrator" not in page
    # Django's technical reason is for developers, not shown.
    assert "CSRF" not in page


def test_a_signed_in_user_whose_form_fails_the_token_check_keeps_their_navigation(personas):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = _csrf_client()
    device = TOTPDevice.objects.create(user=personas.analyst, name="t", confirmed=True)
    client.force_login(personas.analyst, backend="safeguard.accounts.backends.AccountBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = client.post("/a-form", {"x": "1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page and "Sign out" in page
    assert "reload the page (if you are asked to sign in, sign in)" in page


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
