"""OFFICIAL-SENSITIVE on every page and every export (issue 14, item 6; docs/security.md).

Pages: every route without arguments, asked as each role that uses the service, plus the child
record, the chronology export page and Django's admin; each HTML page served must carry the
marking at its top (in the header) and its bottom (in the footer). Exports are read back: the
performance CSV and Excel files here; the court-bundle chronology, the audit CSV, the census
error report and the Annex A workbook in their own tests and below.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from safeguard.common.marking import CLASSIFICATION_PROPERTY

pytestmark = pytest.mark.django_db
MARKING = "OFFICIAL-SENSITIVE"
# Routes that are not a page: downloads (read back below and in their apps' tests), fragments
# swapped in by htmx, JSON, a POST-only action, and the partner API (token auth, JSON).
NOT_PAGES = {
    "healthz",
    "accounts:sign_out",
    "accounts:session_status",
    "accounts:session_extend",
    "tasks:count",
    "tasks:allocation_seen",
    "audit:export",
    "performance:summary_export",
    "returns:census_download",
}
SKIPPED_PREFIXES = ("admin/", "api/", "static/", "jobs/")
ROLES = (
    "social_worker",
    "team_manager",
    "head_of_service",
    "front_door_worker",
    "conference_chair",
    "auditor",
    "analyst",
    "system_administrator",
    "partner_user",
)
_TOP = re.compile(
    r'<header class="govuk-header[^>]*>\s*<p class="safeguard-marking safeguard-marking--top">'
    r'<span class="govuk-visually-hidden">Protective marking: </span>([^<]+)</p>'
)
_BOTTOM = re.compile(
    r'<p class="safeguard-marking safeguard-marking--bottom">'
    r'<span class="govuk-visually-hidden">Protective marking: </span>([^<]+)</p>\s*</footer>'
)


def routes_without_arguments() -> list[tuple[str, str]]:
    """(path, URL name) of every route that takes no argument, read from the URLconf."""

    def walk(patterns: Any, prefix: str, namespace: str | None) -> Any:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + str(pattern.pattern), name

    return [
        (path, name)
        for path, name in walk(get_resolver().url_patterns, "", None)
        if "<" not in path
        and "(" not in path
        and not path.startswith(SKIPPED_PREFIXES)
        and name not in NOT_PAGES
    ]


def assert_marked(html: str, where: str) -> None:
    top = _TOP.search(html)
    assert top and top.group(1) == MARKING, f"no top marking: {where}"
    bottom = _BOTTOM.search(html)
    assert bottom and bottom.group(1) == MARKING, f"no bottom marking: {where}"


def is_page(response: Any) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_every_page_of_the_service_is_marked_at_its_top_and_bottom(personas, sign_in):
    routes = routes_without_arguments()
    assert len(routes) > 40
    pages = set()
    for role in ROLES:
        client = sign_in(getattr(personas, role))
        for path, name in routes:
            response = client.get("/" + path)
            if is_page(response):
                assert_marked(response.content.decode(), f"{name} as {role}")
                pages.add(name)
    # The main pages were among those served (a route refused to every role proves nothing).
    for name in (
        "cases:my_cases",
        "cases:team_dashboard",
        "cases:conferences",
        "front_door:queue",
        "access:child_search",
        "audit:index",
        "performance:dashboard",
        "returns:census",
        "returns:annex_a",
        "tasks:list",
        "signals:list",
        "linkage:review_list",
    ):
        assert name in pages, name
    assert len(pages) >= 30, sorted(pages)


def test_the_child_record_and_its_export_page_are_marked(personas, sign_in):
    client = sign_in(personas.social_worker)
    child = personas.own_child
    for url in (
        reverse("cases:child_record", args=[child.pk]),
        reverse("cases:chronology_export", args=[child.pk]),
        reverse("cases:visit_record", args=[child.pk]),
    ):
        response = client.get(url)
        assert is_page(response), url
        assert_marked(response.content.decode(), url)
    export_page = client.get(reverse("cases:chronology_export", args=[child.pk]))
    assert f"Every page is marked {MARKING} at its top and bottom." in export_page.content.decode()


def test_the_sign_in_and_error_pages_are_marked(personas, sign_in):
    assert_marked(Client().get(reverse("accounts:sign_in")).content.decode(), "sign in")
    client = sign_in(personas.social_worker)
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert_marked(missing.content.decode(), "page not found")
    refused = client.get(reverse("audit:index"))
    assert refused.status_code == 403
    assert_marked(refused.content.decode(), "refused")


def test_the_public_report_form_is_marked_only_for_someone_signed_in(personas, sign_in):
    url = reverse("front_door:report_start")
    public = Client().get(url)
    assert public.status_code == 200 and MARKING not in public.content.decode()
    staff = sign_in(personas.front_door_worker).get(url)
    assert_marked(staff.content.decode(), "the report form, signed in")


def test_the_admin_is_marked_at_its_top_and_bottom(personas, sign_in):
    response = sign_in(personas.superuser).get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(f"Protective marking: </span>{MARKING}</p>") == 2
    assert html.index(MARKING) < html.index('id="header"') < html.rindex(MARKING)


def test_the_marking_follows_the_setting(personas, sign_in, settings):
    settings.SAFEGUARD_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE PERSONAL"
    html = sign_in(personas.social_worker).get(reverse("cases:my_cases")).content.decode()
    assert html.count("Protective marking: </span>OFFICIAL-SENSITIVE PERSONAL</p>") == 2


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_performance_downloads_carry_the_marking(personas, sign_in, calendar, file_format):
    client = sign_in(personas.analyst)
    response = client.get(
        reverse("performance:summary_export"),
        {"from": "2025-04-01", "to": "2026-03-31", "format": file_format},
    )
    assert response.status_code == 200
    if file_format == "csv":
        first = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert first[0].startswith(f"{MARKING}: ")
        return
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet is not None
    assert str(sheet["A1"].value).startswith(f"{MARKING}: ")
    assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == MARKING
    properties = {p.name: p.value for p in workbook.custom_doc_props}
    assert properties[CLASSIFICATION_PROPERTY] == MARKING


def test_the_annex_a_workbook_is_marked_on_every_sheet_and_keeps_its_layout(calendar):
    from safeguard.returns.annex_a.builder import build_annex_a
    from safeguard.returns.annex_a.layout import LISTS
    from safeguard.returns.annex_a.window import reporting_window

    output = io.BytesIO()
    build_annex_a(window=reporting_window(date(2025, 4, 1), date(2025, 9, 30)), output=output)
    workbook = load_workbook(io.BytesIO(output.getvalue()))
    assert len(workbook.worksheets) == len(LISTS)
    for sheet, annex_list in zip(workbook.worksheets, LISTS, strict=True):
        assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == MARKING
        # Ofsted's headers stay in the first row.
        assert [c.value for c in next(sheet.iter_rows(max_row=1))] == list(annex_list.headers)
    properties = {p.name: p.value for p in workbook.custom_doc_props}
    assert properties[CLASSIFICATION_PROPERTY] == MARKING


def test_the_subject_access_export_names_its_marking(personas):
    from safeguard.cases.subject_access import subject_access_export

    assert subject_access_export(personas.own_child)["export"]["protective_marking"] == MARKING


@pytest.mark.parametrize("template", ["400.html", "500.html"])
def test_the_pages_drawn_without_the_layout_are_marked_too(template):
    from django.template.loader import render_to_string

    html = render_to_string(template, {"reference": "abc"})
    assert_marked(html, template)
    assert html.count(f"Protective marking: </span>{MARKING}</p>") == 2  # once at each end
