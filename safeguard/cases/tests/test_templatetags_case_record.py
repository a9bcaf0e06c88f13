"""The child record's long tables rendered in Python (templatetags/case_record.py): the same
markup the template loop gave, everything from the record escaped."""

from __future__ import annotations

import re
from datetime import date

from django.template import Context, Template

from safeguard.cases.extensions import ChronologyEvent
from safeguard.cases.forms_record import ChronologyFilterForm
from safeguard.cases.selectors.record import TimelineRow
from safeguard.cases.templatetags.case_record import chronology_row, timeline_row
from safeguard.cases.workflow.timeline import DueItem
from safeguard.timescales.clocks import ClockStatus


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_chronology_row_shows_every_part_of_the_event_in_its_columns():
    event = ChronologyEvent(
        date(2025, 3, 4),
        "decision",
        "Signal raised",
        "Two injuries\nin a month",
        who="Sam Worker",
        rationale="Pattern",
        agencies=frozenset({"social_care", "health"}),
        significant=True,
        action_taken="Escalated",
    )
    html = chronology_row(event)
    assert html.startswith('<tr class="govuk-table__row"><td class="govuk-table__cell">')
    assert "Two injuries<br>in a month" in html
    assert '<strong class="govuk-tag govuk-tag--red">Significant</strong>' in html
    assert text(html) == (
        "4 March 2025 Signal raised Two injuries in a month Significant Action taken: Escalated "
        "Rationale: Pattern Management decision Children's social care, Health Sam Worker"
    ).replace("'", "&#x27;")


def test_a_chronology_row_escapes_what_was_recorded():
    event = ChronologyEvent(
        date(2025, 3, 4), "case_note", "<script>x</script>", "a & b", who="<b>", anchor="note-1"
    )
    html = chronology_row(event)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<a class="govuk-link" href="#note-1">' in html
    assert "a &amp; b" in html and "&lt;b&gt;" in html


def test_a_timeline_row_gives_the_state_in_words_beside_its_colour():
    item = DueItem(
        clock="cp_visit",
        label="Child protection plan visit",
        subject="protection_plan",
        subject_id=1,
        started=date(2025, 2, 4),
        due=date(2025, 2, 18),
        met=None,
        status=ClockStatus.OVERDUE,
    )
    html = timeline_row(TimelineRow(item))
    assert text(html) == (
        "Child protection plan visit 4 February 2025 18 February 2025 Not yet Overdue"
    )
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html


def test_the_tags_render_rows_in_a_template_unescaped_once():
    event = ChronologyEvent(date(2025, 3, 4), "visit", "Home visit")
    html = Template("{% load case_record %}{% chronology_rows events %}").render(
        Context({"events": [event, event]})
    )
    assert html.count('<tr class="govuk-table__row">') == 2


def test_the_filter_shows_what_was_chosen_and_is_otherwise_the_same_on_every_record():
    render = Template('{% load case_record %}{% chronology_filter_field form "type" %}').render
    unchosen = ChronologyFilterForm(None)
    assert render(Context({"form": unchosen})) == unchosen["type"].as_field_group()
    chosen = ChronologyFilterForm({"type": ["visit"]})
    assert chosen.is_valid()
    html = render(Context({"form": chosen}))
    assert html == chosen["type"].as_field_group()
    assert "checked" in html and "checked" not in render(Context({"form": unchosen}))
