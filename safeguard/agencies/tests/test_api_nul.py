"""NUL and other control characters wherever a partner can put them: every one is refused
with a 422 naming the field (or a rejected row in a bulk report), never a 500, and nothing is
written. PostgreSQL cannot store NUL, so the refusal itself (the errors, the bulk report, the
audit entry) writes the character out as \\x00 rather than carrying it."""

from __future__ import annotations

from typing import Any

import pytest

from safeguard.agencies.models import PartnerBatch, PartnerSubmission
from safeguard.agencies.schemas import CONTROL_CHARACTERS
from safeguard.audit.models import AuditEntry

from .examples import submission

pytestmark = pytest.mark.django_db

NUL_NAME = "no\x00te"
WRITTEN_OUT = "no\\x00te"


def _refusal() -> AuditEntry:
    return AuditEntry.objects.filter(action="refused").latest("sequence")


def _assert_refused(response: Any, error: str) -> None:
    assert response.status_code == 422
    assert error in response.json()["errors"]
    assert not PartnerSubmission.objects.exists()
    assert _refusal().details["status"] == 422


def _row_errors(response: Any) -> list[str]:
    assert response.status_code == 200
    report = response.json()
    assert (report["stored"], report["rejected"]) == (0, 1)
    assert not PartnerSubmission.objects.exists()
    errors: list[str] = report["rows"][0]["errors"]
    # The report is stored as it was answered.
    assert PartnerBatch.objects.get(pk=report["batch_id"]).report["rows"][0]["errors"] == errors
    return errors


def test_an_unknown_field_whose_name_has_a_nul_is_named_in_the_refusal(partner):
    response = partner.post("/api/events", {**submission("injury"), NUL_NAME: "x"})
    _assert_refused(response, f"{WRITTEN_OUT}: Extra inputs are not permitted")
    assert _refusal().details["fields"] == [WRITTEN_OUT]


def test_an_unknown_field_with_a_nul_inside_the_child_or_event_is_refused(partner):
    body = submission("injury")
    body["child"][NUL_NAME] = "x"
    body["event"][NUL_NAME] = "x"
    response = partner.post("/api/events", body)
    _assert_refused(response, f"child.{WRITTEN_OUT}: Extra inputs are not permitted")
    assert (
        f"event.injury.{WRITTEN_OUT}: Extra inputs are not permitted" in (response.json()["errors"])
    )


def test_an_event_type_with_a_nul_is_refused_without_quoting_the_nul(partner):
    body = submission("injury")
    body["event"]["event_type"] = "inj\x00ury"
    response = partner.post("/api/events", body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error.startswith("event: Input tag 'inj\\x00ury' found using 'event_type'")
    assert not PartnerSubmission.objects.exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/events", submission("injury")),
        ("/api/events/bulk", {"rows": [submission("injury")]}),
    ],
)
def test_an_idempotency_key_with_a_nul_is_refused(partner, path, body):
    response = partner.post(path, body, HTTP_IDEMPOTENCY_KEY="key-\x00-1")
    _assert_refused(response, f"Idempotency-Key: {CONTROL_CHARACTERS}")
    assert not PartnerBatch.objects.exists()


def test_an_unknown_field_with_a_nul_in_the_bulk_wrapper_is_refused(partner):
    response = partner.post("/api/events/bulk", {"rows": [submission("injury")], NUL_NAME: 1})
    _assert_refused(response, f"{WRITTEN_OUT}: Extra inputs are not permitted")
    assert not PartnerBatch.objects.exists()


def test_a_bulk_row_with_an_unknown_field_with_a_nul_is_rejected_and_reported(partner):
    row = submission("injury")
    row["child"][NUL_NAME] = "x"
    response = partner.post("/api/events/bulk", {"rows": [row]})
    assert _row_errors(response) == [f"child.{WRITTEN_OUT}: Extra inputs are not permitted"]


def test_a_bulk_row_with_an_event_type_with_a_nul_is_rejected_and_reported(partner):
    row = submission("injury")
    row["event"]["event_type"] = "inj\x00ury"
    response = partner.post("/api/events/bulk", {"rows": [row]})
    [error] = _row_errors(response)
    assert error.startswith("event: Input tag 'inj\\x00ury'")


def test_a_bulk_row_with_a_nul_in_a_text_field_is_rejected_and_reported(partner):
    row = submission("injury")
    row["event"]["description"] = "Bruis\x00ing"
    response = partner.post("/api/events/bulk", {"rows": [row]})
    assert _row_errors(response) == [f"event.injury.description: {CONTROL_CHARACTERS}"]


def test_the_check_refuses_an_unknown_field_whose_name_has_a_nul(partner):
    response = partner.post("/api/check", {"nhs_number": "", NUL_NAME: "x"})
    _assert_refused(response, f"{WRITTEN_OUT}: Extra inputs are not permitted")


@pytest.mark.parametrize("path", ["/api/submissions/%00", "/api/batches/1%00"])
def test_a_path_with_a_nul_is_refused_and_audited_written_out(partner, path):
    response = partner.get(path)
    assert response.status_code == 422
    assert _refusal().details["path"] == path.replace("%00", "\\x00")
