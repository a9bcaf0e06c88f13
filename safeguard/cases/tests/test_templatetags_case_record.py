"""The child record's long tables rendered in Python (templatetags/case_record.py): the same
markup the template loop gave, everything from the record escaped."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone

from safeguard.cases.extensions import ChronologyEvent
from safeguard.cases.forms_record import ChronologyFilterForm
from safeguard.cases.models import CaseNote, ChildProtectionConference
from safeguard.cases.selectors.record import ChildRecord, Relative, TimelineRow
from safeguard.cases.templatetags.case_record import (
    allocation_and_episodes,
    case_note_block,
    case_note_blocks,
    child_identity,
    chronology_row,
    protection_plan,
    relative_rows,
    residence_rows,
    timeline_row,
)
from safeguard.cases.workflow.timeline import DueItem
from safeguard.organisation.models import Worker
from safeguard.people.models import Address, Person, Residence
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


def test_a_case_note_is_shown_as_the_linebreaks_and_date_filters_showed_it():
    body = "First <b>line</b>\r\nsecond line\r\n\r\n\nA new paragraph & more"
    # 23:30 in UTC in summer is the next day in London: the time shown is the local one.
    created = datetime(2025, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    note = CaseNote(
        pk=7,
        subject="Home <visit>",
        body=body,
        event_date=date(2025, 6, 30),
        created_at=created,
        written_by=Worker(first_name="Sam", last_name="O'Neill"),
    )
    html = case_note_block(note)
    assert f'<div class="govuk-body">{linebreaks_filter(body)}</div>' in html
    assert f"(recorded {date_filter(timezone.localtime(created), 'j F Y, H:i')})" in html
    assert "(recorded 1 July 2025, 00:30)" in html
    assert "Home &lt;visit&gt;" in html and "written by Sam O&#x27;Neill" in html
    assert 'id="case-note-7"' in html
    assert "No case notes" in case_note_blocks([])


# The loops the household tags replaced, to show the tags give the same markup.
_RELATIVE_LOOP = """{% load govuk_dates %}{% for relative in relatives %}
      <tr class="govuk-table__row">
        <th scope="row" class="govuk-table__header">{{ relative.person.full_name }}</th>
        <td class="govuk-table__cell">{{ relative.relationship }}</td>
        <td class="govuk-table__cell">{% if relative.parental_responsibility is None %}Not applicable{% elif relative.parental_responsibility %}<strong class="govuk-tag govuk-tag--blue">Yes</strong>{% else %}No{% endif %}</td>
        <td class="govuk-table__cell">{{ relative.person.date_of_birth|long_date|default:"Not known" }}</td>
        <td class="govuk-table__cell">{% if relative.start_date %}From {{ relative.start_date|long_date }}{% endif %}{% if relative.end_date %}{% if relative.start_date %}<br>{% endif %}Until {{ relative.end_date|long_date }}{% elif not relative.start_date %}Current{% endif %}</td>
      </tr>
      {% endfor %}"""  # noqa: E501
_RESIDENCE_LOOP = """{% load govuk_dates %}{% for residence in residences %}
      <tr class="govuk-table__row">
        <td class="govuk-table__cell">{{ residence.address }}</td>
        <td class="govuk-table__cell">{{ residence.get_kind_display }}{% if residence.kind == "refuge" %}<br><strong class="govuk-tag govuk-tag--red">Do not disclose</strong>{% endif %}</td>
        <td class="govuk-table__cell">{{ residence.start_date|long_date }}</td>
        <td class="govuk-table__cell">{{ residence.end_date|long_date|default:"Current" }}</td>
      </tr>
      {% endfor %}"""  # noqa: E501


def test_the_household_rows_are_the_markup_the_template_loops_gave():
    parent = Person(first_name="Ann <A>", last_name="O'Hara", date_of_birth=date(1990, 1, 2))
    unknown = Person(first_name="Bo", last_name="", date_of_birth=None)
    relatives = [
        Relative(parent, "Mother", True, date(2020, 1, 1), None),
        Relative(parent, "Step-parent", False, None, date(2024, 5, 6)),
        Relative(unknown, "Sibling", None, date(2021, 2, 3), date(2022, 3, 4)),
        Relative(unknown, "Sibling & co", None, None, None),
    ]
    assert relative_rows(relatives) == Template(_RELATIVE_LOOP).render(
        Context({"relatives": relatives})
    )
    address = Address(line_1="1 <Safe> Road", line_2="", town="Leeds", postcode="LS1 1AA")
    residences = [
        Residence(address=address, kind="refuge", start_date=date(2024, 1, 1), end_date=None),
        Residence(
            address=address, kind="home", start_date=date(2020, 1, 1), end_date=date(2023, 2, 1)
        ),
    ]
    assert residence_rows(residences) == Template(_RESIDENCE_LOOP).render(
        Context({"residences": residences})
    )
    assert "Do not disclose" in residence_rows(residences)


# --- The summary lists ---------------------------------------------------------------------


def _record(child: Person, **shown: Any) -> ChildRecord:
    """A record with only what the summary lists read: nothing open unless given."""
    nothing_open = dict.fromkeys(
        (
            "allocation",
            "open_referral",
            "assessment",
            "assessment_due",
            "section47_enquiry",
            "protection_plan",
            "plan_conference",
            "cin_plan",
            "care_period",
            "placement",
            "care_plan_due",
            "care_review",
        )
    )
    values = {"child": child, "age": 7, "disabilities": [], "today": date(2026, 1, 5)}
    values |= nothing_open | shown
    episodes = ("open_referral", "assessment", "section47_enquiry", "protection_plan")
    values["has_open_work"] = any(values[k] for k in (*episodes, "cin_plan", "care_period"))
    return cast(ChildRecord, SimpleNamespace(**values))


def test_the_identity_list_offers_change_links_only_to_whoever_may_change_the_details():
    child = Person(first_name="Ann", last_name="Lee", date_of_birth=date(2019, 3, 4), sex="F")
    changeable = child_identity(_record(child), "/children/1/details")
    assert '<a class="govuk-link" href="/children/1/details#id_first_name">Change' in changeable
    assert changeable.count("govuk-summary-list__actions") == 6
    # The rows that cannot be changed there say so, beside rows that can.
    assert changeable.count("govuk-summary-list__row--no-actions") == 3
    read_only = child_identity(_record(child), "")
    assert "Change" not in read_only
    assert "no-actions" not in read_only
    assert text(read_only) == (
        "Name Ann Lee Date of birth 4 March 2019 Age 7 Sex Female "
        "Ethnicity Information not yet obtained "
        "Disabilities None recorded NHS number Not known Unique pupil number (UPN) Not known "
        "Authority child ID Not given"
    )


def test_the_identity_list_escapes_the_names_and_gives_an_unborn_childs_expected_date():
    unborn = Person(
        first_name="Baby <b>",
        last_name="O'Neil",
        known_as="Bee & Co",
        date_of_birth=None,
        expected_date_of_birth=date(2026, 6, 1),
    )
    html = child_identity(_record(unborn, age=None, disabilities=["Hearing <aid>"]), "")
    assert "Baby &lt;b&gt; O&#x27;Neil<br>Known as Bee &amp; Co" in html
    assert "Expected date of birth</dt>" in html
    assert ">1 June 2026</dd>" in html
    assert ">Unborn</dd>" in html
    assert "Hearing &lt;aid&gt;" in html


def test_an_unallocated_case_with_no_open_work_says_both():
    html = allocation_and_episodes(_record(Person(first_name="Ann", last_name="Lee")))
    assert text(html) == (
        "Allocation The case is not allocated to a team. Open episodes and plans "
        "There are no open episodes or plans."
    )


def test_a_protection_plan_whose_conference_is_not_on_the_record_says_so():
    plan = SimpleNamespace(start_date=date(2025, 1, 2))
    html = protection_plan(_record(Person(), protection_plan=plan))
    assert text(html) == (
        "The child protection plan The conference that started the plan is not on the record."
    )


def test_a_protection_plan_shows_what_its_conference_agreed_and_who_took_part():
    conference = ChildProtectionConference(
        kind="review",
        conference_date=date(2025, 9, 1),
        chair=None,
        plan_outline="Visit weekly\nSchool <daily>",
        next_core_group_date=date(2025, 9, 15),
        next_review_date=None,
        attendees="",
        agencies_present="Police",
        reports_from="",
        parents_participation="",
        child_participation="",
    )
    record = _record(Person(), protection_plan=SimpleNamespace(), plan_conference=conference)
    html = protection_plan(record)
    assert "Visit weekly<br>School &lt;daily&gt;" in html
    assert text(html) == (
        "The child protection plan As agreed at the review child protection conference on "
        "1 September 2025. "
        "Outline plan Visit weekly School &lt;daily&gt; Next core group meeting Planned for "
        "15 September 2025 Next review conference Not set Who took part in the conference "
        "Who attended Not recorded Agencies present Police Reports sent by None recorded "
        "Parents Not recorded The child Not recorded"
    )
