"""A signed-in request reads its session and one row: the account with its worker, session
generation and two-factor device (accounts/backends.py); and every check they feed is still
made afresh at each request: a removed or stopped device, a new session generation, a leaver."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.access.roles import worker_of
from safeguard.accounts.backends import AccountBackend
from safeguard.accounts.services import sessions_end

pytestmark = pytest.mark.django_db

HOME = "/"


def _refused(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/sign-in")


def test_the_account_its_worker_generation_and_device_are_one_query(personas):
    user = personas.social_worker
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with CaptureQueriesContext(connection) as queries:
        loaded = AccountBackend().get_user(user.pk)
        assert loaded is not None
        assert worker_of(loaded) == personas.social_worker.worker
        assert loaded.worker.team == personas.social_worker.worker.team
    assert len(queries) == 1


def test_a_signed_in_request_reads_only_its_session_and_its_account(personas, sign_in):
    client = sign_in(personas.social_worker)
    client.get(HOME)  # the first request stamps the session's last-seen time
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries)
    assert "django_session" in queries[0]["sql"]
    assert "auth_user" in queries[1]["sql"]
    # Nothing more about the account: its worker, device and generation came with it.
    assert sql.count("otp_totp_totpdevice") == sql.count("accounts_sessionepoch") == 1
    assert not any(query["sql"].startswith('SELECT "organisation_worker"') for query in queries)


def test_a_removed_device_ends_the_session_at_its_next_request(personas, sign_in):
    client = sign_in(personas.social_worker)
    assert not _refused(client.get(HOME))
    TOTPDevice.objects.filter(user=personas.social_worker).delete()
    assert _refused(client.get(HOME))


def test_a_stopped_device_ends_the_session_at_its_next_request(personas, sign_in):
    client = sign_in(personas.social_worker)
    assert not _refused(client.get(HOME))
    TOTPDevice.objects.filter(user=personas.social_worker).update(confirmed=False)
    assert _refused(client.get(HOME))


def test_a_session_on_the_accounts_second_device_is_checked_against_that_device(personas, sign_in):
    user = personas.social_worker
    TOTPDevice.objects.create(user=user, name="first", confirmed=True)
    client = sign_in(user)  # signs in with a device named "test", made after "first"
    assert client.session[DEVICE_ID_SESSION_KEY].endswith(
        str(TOTPDevice.objects.get(user=user, name="test").pk)
    )
    assert not _refused(client.get(HOME))
    TOTPDevice.objects.filter(user=user, name="test").delete()
    assert _refused(client.get(HOME))


def test_a_device_of_another_account_is_never_accepted(personas, sign_in):
    client = sign_in(personas.social_worker)
    other = TOTPDevice.objects.create(user=personas.other_worker, name="theirs", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id
    session.save()
    assert _refused(client.get(HOME))


def test_a_new_session_generation_ends_the_session_at_its_next_request(personas, sign_in):
    client = sign_in(personas.social_worker)
    assert not _refused(client.get(HOME))
    sessions_end(user=personas.social_worker)
    assert _refused(client.get(HOME))


def test_a_leaver_has_no_worker_record_from_their_leaving_day(personas):
    worker = personas.social_worker.worker
    worker.left_on = timezone.localdate()
    worker.save(update_fields=["left_on"])
    loaded = AccountBackend().get_user(personas.social_worker.pk)
    assert loaded is not None
    assert worker_of(loaded) is None
    worker.left_on = timezone.localdate() + timedelta(days=1)
    worker.save(update_fields=["left_on"])
    assert worker_of(AccountBackend().get_user(personas.social_worker.pk)) == worker


def test_a_disabled_account_is_not_loaded(personas):
    user = personas.social_worker
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert AccountBackend().get_user(user.pk) is None
