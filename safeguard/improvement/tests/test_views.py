"""The improvement plan's pages: the plan and its filters, a recommendation with its history
and evidence, adding a source and a recommendation and changing a status through "Check your
answers", uploading a document, the board report and readiness, and another authority's
recommendation not found."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from safeguard.audit.models import Action, AuditEntry
from safeguard.improvement import rules
from safeguard.improvement.codes import JudgementArea, Status
from safeguard.improvement.models import Evidence, ImprovementSource, Recommendation
from safeguard.improvement.tests.factories import (
    PDF_BYTES,
    document_evidence_in,
    recommendation_in,
)
from safeguard.organisation.tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2025, 11, 14), tick=False):
        yield


def html_of(response: Any) -> str:
    return response.content.decode()


def test_the_plan_lists_the_authoritys_recommendations_with_overdue_marked(personas, sign_in):
    overdue = recommendation_in(personas.authority, "R1", due_on=date(2025, 1, 31))
    recommendation_in(personas.authority, "R2", due_on=date(2026, 12, 31))
    recommendation_in(AuthorityFactory(), "R9")
    client = sign_in(personas.team_manager)

    response = client.get(reverse("improvement:plan"))

    page = html_of(response)
    assert response.status_code == 200
    assert "2 recommendations" in page
    assert reverse("improvement:recommendation", args=[overdue.pk]) in page
    assert page.count("Overdue</strong>") == 1
    assert "R9" not in page
    assert "Add a recommendation" not in page  # a team manager reads the plan, keeps none


def test_the_plan_filters_by_overdue_status_and_judgement_area(personas, sign_in):
    recommendation_in(personas.authority, "R1", due_on=date(2025, 1, 31))
    recommendation_in(
        personas.authority,
        "R2",
        due_on=date(2026, 12, 31),
        judgement_area=JudgementArea.CARE_LEAVERS,
    )
    client = sign_in(personas.analyst)

    overdue = html_of(client.get(reverse("improvement:plan"), {"overdue": "on"}))
    leavers = html_of(client.get(reverse("improvement:plan"), {"judgement_area": "care_leavers"}))
    none = html_of(client.get(reverse("improvement:plan"), {"status": Status.SUSTAINED}))
    nonsense = client.get(reverse("improvement:plan"), {"status": "nonsense"})

    assert ">R1<" in overdue and ">R2<" not in overdue
    assert ">R2<" in leavers and ">R1<" not in leavers
    assert "No recommendation matches these filters." in none
    assert nonsense.status_code == 200 and "2 recommendations" in html_of(nonsense)


def test_a_recommendation_page_shows_its_history_and_evidence(personas, sign_in):
    evidence = document_evidence_in(personas.authority)
    client = sign_in(personas.auditor)

    response = client.get(reverse("improvement:recommendation", args=[evidence.recommendation_id]))

    page = html_of(response)
    assert "Board minutes" in page
    assert reverse("improvement:evidence_document", args=[evidence.pk]) in page
    assert "Not started" in page
    assert "Change the status" not in page  # an auditor reads, never keeps, the plan


def test_another_authoritys_recommendation_and_document_are_not_found(personas, sign_in):
    elsewhere = document_evidence_in(AuthorityFactory())
    client = sign_in(personas.analyst)

    page = client.get(reverse("improvement:recommendation", args=[elsewhere.recommendation_id]))
    document = client.get(reverse("improvement:evidence_document", args=[elsewhere.pk]))
    status = client.get(reverse("improvement:status_change", args=[elsewhere.recommendation_id]))

    assert (page.status_code, document.status_code, status.status_code) == (404, 404, 404)


def test_a_document_is_downloaded_and_the_download_audited(personas, sign_in):
    evidence = document_evidence_in(personas.authority)
    client = sign_in(personas.head_of_service)

    response = client.get(reverse("improvement:evidence_document", args=[evidence.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, object_type="improvement.evidence", object_id=str(evidence.pk)
    ).exists()


def _date(name: str, on: date) -> dict[str, str]:
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def test_a_source_and_its_recommendation_are_added_through_check_your_answers(personas, sign_in):
    client = sign_in(personas.head_of_service)
    url = reverse("improvement:source_add")
    check = client.post(
        url,
        {
            "kind": "ofsted_inspection",
            "title": "Ofsted ILACS, March 2024",
            **_date("published_on", date(2024, 3, 22)),
        },
    )
    assert "Check your answers" in html_of(check)
    assert not ImprovementSource.objects.exists()

    done = client.post(url, {"submission_token": check.context["token"], "confirm": "yes"})

    source = ImprovementSource.objects.get()
    assert done["Location"] == reverse("improvement:recommendation_add") + f"?source={source.pk}"
    form = client.get(done["Location"])
    assert form.context["form"].initial["source"] == source.pk

    answers = {
        "source": str(source.pk),
        "kind": "area_for_improvement",
        "reference": "AFI 1",
        "text": "Strengthen management oversight of children in need.",
        "owner": str(personas.team_manager.worker.pk),
        "judgement_area": JudgementArea.HELP_AND_PROTECTION,
        **_date("due_on", date(2025, 3, 31)),
    }
    check = client.post(reverse("improvement:recommendation_add"), answers)
    client.post(
        reverse("improvement:recommendation_add"),
        {"submission_token": check.context["token"], "confirm": "yes"},
    )

    recommendation = Recommendation.objects.get()
    assert (recommendation.reference, recommendation.owner, recommendation.status) == (
        "AFI 1",
        personas.team_manager.worker,
        Status.NOT_STARTED,
    )


def test_evidenced_without_evidence_is_refused_on_the_form(personas, sign_in):
    recommendation = recommendation_in(personas.authority)
    client = sign_in(personas.analyst)

    response = client.post(
        reverse("improvement:status_change", args=[recommendation.pk]),
        {"status": Status.EVIDENCED, "reason": "", **_date("on", date(2025, 11, 14))},
    )

    assert response.status_code == 400
    assert escape(rules.EVIDENCED_NEEDS_EVIDENCE) in html_of(response)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.NOT_STARTED


def test_a_document_is_uploaded_as_evidence_once_however_often_it_is_sent(personas, sign_in):
    recommendation = recommendation_in(personas.authority)
    client = sign_in(personas.analyst)
    url = reverse("improvement:evidence_document_add", args=[recommendation.pk])
    token = client.get(url).context["token"]

    def upload(content: bytes, name: str) -> Any:
        return client.post(
            url,
            {
                "title": "Supervision audit report",
                "submission_token": token,
                "document": SimpleUploadedFile(name, content),
            },
        )

    refused = upload(b"MZ\x90\x00", "report.pdf")
    first = upload(PDF_BYTES, "report.pdf")
    again = upload(PDF_BYTES, "report.pdf")

    assert refused.status_code == 400
    assert escape("The document is not a real .pdf file") in html_of(refused)
    assert first.status_code == again.status_code == 302
    assert Evidence.objects.filter(recommendation=recommendation).count() == 1


def test_the_board_report_counts_and_exports_are_audited(personas, sign_in):
    recommendation_in(personas.authority, "R1", due_on=date(2025, 1, 31))
    done = recommendation_in(personas.authority, "R2")
    document_evidence_in(personas.authority, done)
    client = sign_in(personas.analyst)
    from safeguard.improvement import services

    services.recommendation_status_change(
        recommendation=done, status=Status.EVIDENCED, on=date(2025, 11, 14), changed_by=None
    )

    page = client.get(reverse("improvement:board_report"))
    word = client.get(reverse("improvement:board_report_docx"))
    pdf = client.get(reverse("improvement:board_report_pdf"))

    report = page.context["report"]
    assert (report.total.total, report.total.implemented_with_evidence, report.total.overdue) == (
        2,
        1,
        1,
    )
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert pdf.content.startswith(b"%PDF-")
    assert list(
        AuditEntry.objects.filter(
            object_type="organisation.authority", details__export="improvement board report"
        ).values_list("details__format", flat=True)
    ) == ["docx", "pdf"]


def test_readiness_shows_each_judgement_area_with_its_evidence(personas, sign_in):
    evidence = document_evidence_in(personas.authority)
    client = sign_in(personas.auditor)

    page = html_of(client.get(reverse("improvement:readiness")))

    for area in JudgementArea:
        assert escape(area.label) in page
    assert "Board minutes" in page
    assert page.count("No recommendation bears on this judgement.") == 3
    assert evidence.recommendation.reference in page
