"""The protective marking (`common.marking`): one setting, the page layout's tag, workbooks,
and the print stylesheet that keeps it on paper while leaving the screen-only parts off."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.conf import settings as django_settings
from django.template import Context, Template
from openpyxl import Workbook, load_workbook

from safeguard.common.marking import (
    CLASSIFICATION_PROPERTY,
    mark_workbook,
    marking_csv_row,
    marking_print_css,
    protective_marking,
)

ROOT = Path(django_settings.BASE_DIR)
STYLESHEET = ROOT / "static" / "safeguard" / "safeguard.css"


def test_the_marking_is_official_sensitive_unless_the_setting_names_another(settings):
    assert protective_marking() == "OFFICIAL-SENSITIVE"
    assert marking_csv_row() == ["OFFICIAL-SENSITIVE"]
    settings.SAFEGUARD_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE PERSONAL"
    assert protective_marking() == "OFFICIAL-SENSITIVE PERSONAL"
    assert Template("{% load layout %}{% protective_marking %}").render(Context()) == (
        "OFFICIAL-SENSITIVE PERSONAL"
    )


def test_the_words_are_written_once_in_the_code_not_in_each_page_or_export():
    found = [
        str(path.relative_to(ROOT))
        for folder in ("safeguard", "templates", "static", "config")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".css", ".js", ".txt"}
        and "tests" not in path.parts
        and "OFFICIAL-SENSITIVE" in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert sorted(found) == ["config/settings/base.py", "safeguard/common/marking.py"]


def test_a_workbook_is_marked_on_every_printed_page_of_every_sheet_and_in_its_properties():
    for write_only in (False, True):
        workbook = Workbook(write_only=write_only)
        for title in ("First", "Second"):
            sheet = workbook.create_sheet(title)
            sheet.append(["Header"])
        mark_workbook(workbook)
        out = io.BytesIO()
        workbook.save(out)
        read = load_workbook(io.BytesIO(out.getvalue()))
        for sheet in read.worksheets:
            assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE"
            assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
        assert read["First"]["A1"].value == "Header"  # no row is added or moved
        properties = {p.name: p.value for p in read.custom_doc_props}
        assert properties == {CLASSIFICATION_PROPERTY: "OFFICIAL-SENSITIVE"}


def test_an_ampersand_in_a_configured_marking_prints_as_itself(settings):
    settings.SAFEGUARD_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE & PERSONAL"
    workbook = Workbook()
    mark_workbook(workbook)
    assert workbook.active is not None
    assert workbook.active.oddHeader.center.text == "OFFICIAL-SENSITIVE && PERSONAL"


# --- the print stylesheet ---------------------------------------------------------------------


def print_rules() -> dict[str, str]:
    """Each selector in the stylesheet's `@media print` blocks, with its declarations."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    rules: dict[str, str] = {}
    for start in (m.end() for m in re.finditer(r"@media print\s*\{", css)):
        depth, end = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css[start : end - 1]):
            for selector in selectors.split(","):
                rules[" ".join(selector.split())] = rules.get(" ".join(selector.split()), "") + body
    return rules


def test_print_leaves_out_navigation_buttons_forms_and_the_links_of_the_footer():
    rules = print_rules()
    for selector in (
        ".govuk-skip-link",
        ".govuk-header__navigation",
        ".govuk-header__content",
        ".govuk-service-navigation",
        ".govuk-footer .govuk-width-container",
        ".govuk-footer__link",
        ".govuk-back-link",
        ".govuk-button",
        "form",
        ".govuk-pagination",
        ".safeguard-other-work",
    ):
        assert "display: none !important" in rules.get(selector, ""), selector


def test_print_moves_the_marking_to_every_sheets_margin_and_prints_links_as_their_words():
    rules = print_rules()
    # The stylesheet keeps the banners (an error page prints them); a page with the layout
    # swaps them for the page rule, which prints on every sheet, not only the first and last.
    assert "display: none" not in rules.get(".safeguard-marking", "")
    assert "color: #000" in rules[".safeguard-marking"]
    css = marking_print_css()
    assert '@top-center { content: "OFFICIAL-SENSITIVE";' in css
    assert '@bottom-center { content: "OFFICIAL-SENSITIVE";' in css
    assert css.endswith(" .safeguard-marking { display: none !important; } }")
    assert "color: #000" in rules[".govuk-template__body"]
    assert "content: none !important" in rules["a[href]::after"]
    assert "content: none !important" in rules[".govuk-link[href]::after"]


def test_print_unfolds_folded_sections():
    rules = print_rules()
    assert "content-visibility: visible" in rules["details::details-content"]
    assert "display: block !important" in rules[".govuk-details__text"]


def test_a_configured_marking_is_escaped_so_it_cannot_close_the_style_element(settings):
    settings.SAFEGUARD_PROTECTIVE_MARKING = 'OFFICIAL "X" </style><script>'
    css = Template("{% load layout %}{% protective_marking_print_css %}").render(Context())
    assert "<" not in css and '"X"' not in css
    assert 'content: "OFFICIAL \\000022X\\000022 \\00003c\\00002fstyle' in css
