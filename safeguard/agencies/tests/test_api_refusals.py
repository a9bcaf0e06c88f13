"""Calls the partner API turns away: each a clear JSON answer (never a bare 400 page or a
500), each recorded in the audit trail as refused, with the status, the path, the token and
its organisation, and never what was sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from safeguard.agencies import services
from safeguard.agencies.models import PartnerBatch, PartnerSubmission, PartnerTokenWindow
from safeguard.audit.models import AuditEntry

from .conftest import client_for
from .examples import submission

pytestmark = pytest.mark.django_db


def _refusal() -> AuditEntry:
    return AuditEntry.objects.filter(action="refused").latest("sequence")


def _assert_audited(entry: AuditEntry, *, status: int, path: str, partner) -> None:
    assert entry.object_type == "api"
    assert entry.details["status"] == status
    assert entry.details["path"] == path
    assert entry.details["token_id"] == partner.token.pk
    assert entry.details["organisation"] == partner.token.organisation_id


# --- Rate limit -------------------------------------------------------------------------------


def test_a_token_over_its_requests_a_minute_is_answered_429_with_retry_after(partner, settings):
    settings.SAFEGUARD_API_REQUESTS_PER_MINUTE = 3
    for _ in range(3):
        assert partner.get("/api/batches/999999").status_code == 404
    response = partner.get("/api/batches/999999")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    detail = response.json()["detail"]
    assert detail.startswith("Too many requests: this token may make 3 requests a minute.")
    assert f"Wait {response['Retry-After']} seconds" in detail
    entry = _refusal()
    _assert_audited(entry, status=429, path="/api/batches/999999", partner=partner)
    assert entry.details["outcome"] == "over the rate limit"


def test_the_rate_limit_is_per_token(partner, school, settings):
    settings.SAFEGUARD_API_REQUESTS_PER_MINUTE = 1
    assert partner.get("/api/batches/999999").status_code == 404
    assert partner.get("/api/batches/999999").status_code == 429
    other = client_for(school)
    assert other.get("/api/batches/999999").status_code == 404


def test_nothing_is_stored_from_a_request_over_the_limit(partner, settings):
    settings.SAFEGUARD_API_REQUESTS_PER_MINUTE = 0
    response = partner.post("/api/events", submission("injury"))
    assert response.status_code == 429
    assert not PartnerSubmission.objects.exists()


def test_the_count_starts_again_each_minute(partner, settings):
    settings.SAFEGUARD_API_REQUESTS_PER_MINUTE = 2
    token = partner.token
    minute = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    admit = services.partner_token_request_admit
    assert admit(token=token, now=minute + timedelta(seconds=1)).allowed
    assert admit(token=token, now=minute + timedelta(seconds=2)).allowed
    refused = admit(token=token, now=minute + timedelta(seconds=45))
    assert not refused.allowed and refused.retry_after == 15
    assert admit(token=token, now=minute + timedelta(seconds=61)).allowed
    # One row a token, however many minutes it has been used in.
    window = PartnerTokenWindow.objects.get(token=token)
    assert (window.started_at, window.requests) == (minute + timedelta(minutes=1), 1)


def test_the_limit_is_counted_in_the_database_so_every_server_process_shares_it(partner, settings):
    settings.SAFEGUARD_API_REQUESTS_PER_MINUTE = 2
    # Another process's requests this minute are rows in the same table.
    now = datetime.now(UTC)
    PartnerTokenWindow.objects.create(
        token=partner.token, started_at=now.replace(second=0, microsecond=0), requests=2
    )
    response = partner.get("/api/batches/999999")
    assert response.status_code == 429


# --- Body too large -----------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_json_413_and_is_audited_without_its_content(partner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    rows = [submission("injury", last_name=f"Large-Test-{n}") for n in range(20)]
    response = partner.post("/api/events/bulk", {"rows": rows})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"].startswith(
        "The request body is larger than the 2.0\xa0KB this service takes: nothing was stored."
    )
    assert not PartnerBatch.objects.exists()
    entry = _refusal()
    _assert_audited(entry, status=413, path="/api/events/bulk", partner=partner)
    assert "Large-Test" not in json.dumps(entry.details)


# --- Other refusals -----------------------------------------------------------------------


def test_a_body_that_is_not_json_is_a_400_and_is_audited(partner):
    response = partner.client.post(
        "/api/events",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {partner.secret}",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
    _assert_audited(_refusal(), status=400, path="/api/events", partner=partner)


def test_invalid_input_is_audited_as_refused_with_the_fields_only(partner):
    body = submission("injury", last_name="Secret-Name")
    del body["event"]["description"]
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    entry = _refusal()
    _assert_audited(entry, status=422, path="/api/events", partner=partner)
    assert entry.details["fields"] == ["event.injury.description"]
    assert "Secret-Name" not in json.dumps(entry.details)


def test_a_server_error_is_a_json_500_and_is_audited(partner, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("Amara Okonkwo-Test could not be stored")

    monkeypatch.setattr(services, "submission_receive", broken)
    response = partner.post("/api/events", submission("injury"))
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Something went wrong on our side")
    entry = _refusal()
    _assert_audited(entry, status=500, path="/api/events", partner=partner)
    assert entry.details["outcome"] == "server error (RuntimeError)"
    assert "Okonkwo" not in json.dumps(entry.details)


def test_every_operation_documents_its_refusals(client):
    spec = client.get("/api/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "413", "422", "429", "500"} <= codes, (method, path)
            retry_after = operation["responses"]["429"]["headers"]["Retry-After"]
            assert retry_after["schema"] == {"type": "integer"}
