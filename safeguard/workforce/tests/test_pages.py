"""The workforce pages: what a manager, a head of service and an analyst see, the recording
pages through "Check your answers", refusals shown on the form with nothing written, and who
is not let in. (Every route x every role is in access/tests/test_access_matrix.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.organisation.models import Worker
from safeguard.workforce.models import Absence, Post, PostHolding, WorkerDetails

from .factories import holding, post_in

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
AGENCY = PostHolding.Basis.AGENCY


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    # Monday 1 September 2025.
    with time_machine.travel(datetime(2025, 9, 1, 12, 0, tzinfo=LONDON), tick=False):
        yield


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}_0": str(on.day), f"{name}_1": str(on.month), f"{name}_2": str(on.year)}


def record(client: Any, url: str, data: dict[str, Any]) -> Any:
    check = client.post(url, data)
    html = check.content.decode()
    assert check.status_code == 200, html[-3000:]
    assert "Check your answers" in html
    token = TOKEN.search(html)
    assert token is not None
    return client.post(url, {"submission_token": token.group(1), "confirm": "yes"}, follow=True)


@pytest.fixture
def establishment(personas):
    """Team A: the social worker holds one post; a second post is covered by agency at half
    time; a third is vacant. Team B: the other worker holds its post."""
    sw = personas.social_worker.worker
    held = post_in(personas.team, reference="A-1")
    holding(held, sw)
    covered = post_in(personas.team, reference="A-2")
    agency = Worker.objects.create(
        authority=personas.authority,
        team=personas.team,
        first_name="Agency",
        last_name="Cover",
        role=Worker.Role.SOCIAL_WORKER,
        is_agency=True,
        started_on=date(2025, 1, 6),
        full_time_equivalent=Decimal("0.5"),
    )
    holding(covered, agency, basis=AGENCY, fte="0.5", start_date=date(2025, 1, 6))
    post_in(personas.team, reference="A-3")
    holding(post_in(personas.other_team, reference="B-1"), personas.other_worker.worker)
    return {"held": held, "covered": covered, "agency": agency}


# Reading -----------------------------------------------------------------------------------


def test_the_team_manager_sees_their_teams_posts_and_who_fills_each(
    personas, establishment, sign_in
):
    client = sign_in(personas.team_manager)
    html = client.get(reverse("workforce:team", args=[personas.team.pk])).content.decode()
    assert "Sw Persona" in html and "(Permanent (directly employed), 1.00 FTE)" in html
    assert "Agency Cover" in html and "Covered by agency" in html
    # 3 FTE funded, 1 held permanently, 0.5 covered: 2 vacant (agency cover is a vacancy).
    totals = re.sub(r"\s+", " ", html.split('id="establishment-totals"')[1].split("</dl>")[0])
    assert "3.00 FTE in 3 posts" in totals
    assert "1.00 FTE" in totals and "0.50 FTE" in totals and "2.00 FTE" in totals
    assert "Add a post" in html and "Record a starter" in html


def test_the_index_lists_the_teams_a_manager_manages_and_every_team_for_an_analyst(
    personas, sign_in
):
    client = sign_in(personas.team_manager)
    html = client.get(reverse("workforce:index")).content.decode()
    assert "Team A" in html and "Team B" not in html
    client = sign_in(personas.analyst)
    html = client.get(reverse("workforce:index")).content.decode()
    assert "Team A" in html and "Team B" in html


def test_an_analyst_sees_any_teams_establishment_but_is_offered_no_recording(
    personas, establishment, sign_in
):
    client = sign_in(personas.analyst)
    response = client.get(reverse("workforce:team", args=[personas.other_team.pk]))
    assert response.status_code == 200
    assert "Add a post" not in response.content.decode()
    assert client.get(reverse("workforce:post_add", args=[personas.team.pk])).status_code == 403


def test_a_manager_is_not_shown_another_teams_workforce(personas, establishment, sign_in):
    client = sign_in(personas.team_manager)
    assert client.get(reverse("workforce:team", args=[personas.other_team.pk])).status_code == 404
    other = personas.other_worker.worker
    assert client.get(reverse("workforce:worker", args=[other.pk])).status_code == 404


def test_a_social_worker_does_not_see_their_colleagues_workforce_records(personas, sign_in):
    client = sign_in(personas.social_worker)
    assert client.get(reverse("workforce:team", args=[personas.team.pk])).status_code == 403
    worker = personas.team_manager.worker
    assert client.get(reverse("workforce:worker", args=[worker.pk])).status_code == 403


def test_a_workers_page_counts_their_caseload_from_allocations_and_the_read_is_audited(
    personas, establishment, sign_in
):
    sw = personas.social_worker.worker
    WorkerDetails.objects.create(worker=sw, birth_date=date(1988, 2, 14), start_origin="2")
    client = sign_in(personas.team_manager)
    html = client.get(reverse("workforce:worker", args=[sw.pk])).content.decode()
    caseload = re.sub(r"\s+", " ", html.split('id="caseload">')[1].split("</p>")[0])
    # The personas allocate the own and the restricted child to the social worker.
    assert caseload.startswith("2 children allocated on 1 September 2025: 2.0 per full-time")
    assert "14 February 1988" in html and "A-1" in html
    assert AuditEntry.objects.filter(
        action="read", object_type="organisation.worker", object_id=str(sw.pk)
    ).exists()


# Recording ---------------------------------------------------------------------------------


def test_a_team_manager_adds_a_post_through_check_your_answers(personas, sign_in):
    client = sign_in(personas.team_manager)
    url = reverse("workforce:post_add", args=[personas.team.pk])
    assert client.get(url).status_code == 200
    done = record(
        client,
        url,
        {
            "reference": "A-9",
            "role": "senior_practitioner",
            "funded_fte": "1",
            **day("start_date", date(2025, 9, 1)),
        },
    )
    assert "Post A-9 added to Team A" in done.content.decode()
    post = Post.objects.get(reference="A-9")
    assert (post.team, post.role, post.funded_fte) == (
        personas.team,
        "senior_practitioner",
        Decimal("1.00"),
    )


def test_filling_a_post_beyond_its_funded_fte_is_shown_on_the_form_and_nothing_written(
    personas, establishment, sign_in
):
    client = sign_in(personas.team_manager)
    url = reverse("workforce:post_fill", args=[establishment["covered"].pk])
    data = {
        "worker": str(personas.team_manager.worker.pk),
        "basis": "permanent",
        "fte": "0.75",
        **day("start_date", date(2025, 9, 1)),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The post is funded for 1.00 FTE and 0.50 is already held" in response.content.decode()
    assert PostHolding.objects.filter(post=establishment["covered"]).count() == 1
    done = record(client, url, {**data, "fte": "0.5"})
    assert "Tm Persona holds post A-2" in done.content.decode()


def test_a_starter_is_recorded_into_a_vacant_post(personas, establishment, sign_in):
    client = sign_in(personas.team_manager)
    vacant = Post.objects.get(reference="A-3")
    done = record(
        client,
        reverse("workforce:starter", args=[personas.team.pk]),
        {
            "first_name": "Nadia",
            "last_name": "Startwell",
            "role": "social_worker",
            "basis": "permanent",
            "fte": "1",
            **day("started_on", date(2025, 9, 1)),
            "registration_number": "SW765432",
            "start_origin": "1",
            "qualification_level": "1",
            "qualification_institution": "",
            "post": str(vacant.pk),
        },
    )
    assert "Nadia Startwell recorded as a starter in Team A" in done.content.decode()
    starter = Worker.objects.get(last_name="Startwell")
    assert starter.post_holdings.get().post == vacant
    assert done.redirect_chain[-1][0] == reverse("workforce:worker", args=[starter.pk])


def test_a_starter_with_a_malformed_registration_number_is_refused_beside_it(
    personas, establishment, sign_in
):
    client = sign_in(personas.team_manager)
    response = client.post(
        reverse("workforce:starter", args=[personas.team.pk]),
        {
            "first_name": "Nadia",
            "last_name": "Startwell",
            "role": "social_worker",
            "basis": "permanent",
            "fte": "1",
            **day("started_on", date(2025, 9, 1)),
            "registration_number": "123456",
            "start_origin": "1",
            "post": str(Post.objects.get(reference="A-3").pk),
        },
    )
    assert response.status_code == 400
    assert "as SW and its digits" in response.content.decode()
    assert not Worker.objects.filter(last_name="Startwell").exists()


def test_a_leaver_is_recorded_and_the_manager_told_to_reallocate_their_children(
    personas, establishment, sign_in
):
    client = sign_in(personas.team_manager)
    sw = personas.social_worker.worker
    done = record(
        client,
        reverse("workforce:leaver", args=[sw.pk]),
        {
            **day("left_on", date(2025, 9, 30)),
            "leaver_destination": "1",
            "reason_for_leaving": "1",
        },
    )
    html = done.content.decode()
    assert "recorded as leaving on 30 September 2025" in html
    assert "2 children are still allocated to them: reallocate each child" in html
    sw.refresh_from_db()
    assert sw.left_on == date(2025, 9, 30)


def test_a_leaving_date_before_they_started_is_shown_on_the_form(personas, sign_in):
    client = sign_in(personas.team_manager)
    sw = personas.social_worker.worker
    response = client.post(
        reverse("workforce:leaver", args=[sw.pk]),
        {**day("left_on", date(2019, 1, 4)), "leaver_destination": "1", "reason_for_leaving": "1"},
    )
    assert response.status_code == 400
    assert "The leaving date must be on or after 6 January 2020" in response.content.decode()
    sw.refresh_from_db()
    assert sw.left_on is None


def test_an_absence_is_recorded_with_the_working_days_it_lost(personas, sign_in):
    client = sign_in(personas.head_of_service)
    sw = personas.social_worker.worker
    done = record(
        client,
        reverse("workforce:absence", args=[sw.pk]),
        {
            "reason": "SIC",
            **day("start_date", date(2025, 8, 22)),
            **day("end_date", date(2025, 8, 27)),
        },
    )
    # Friday 22 to Wednesday 27 August 2025: Monday 25 is the summer bank holiday, so Fri,
    # Tue and Wed: 3 working days at full time.
    assert "3.00 working days lost" in done.content.decode()
    absence = Absence.objects.get(worker=sw)
    assert absence.recorded_by == personas.head_of_service.worker


def test_a_workers_census_details_are_changed_from_what_is_kept(personas, sign_in):
    sw = personas.social_worker.worker
    Worker.objects.filter(pk=sw.pk).update(registration_number="SW000777")
    WorkerDetails.objects.create(worker=sw, frontline_graduate=True, qualification_level="2")
    client = sign_in(personas.team_manager)
    url = reverse("workforce:details", args=[sw.pk])
    form = client.get(url).content.decode()
    # The form opens with what is kept.
    assert 'value="SW000777"' in form
    assert re.search(r'<option value="yes" selected>Yes</option>', form)
    done = record(
        client,
        url,
        {
            "registration_number": "SW 100 200",
            **day("birth_date", date(1991, 4, 2)),
            "gender": "2",
            "ethnicity": "WBRI",
            "qualification_level": "2",
            "qualification_institution": "",
            "step_up_graduate": "",
            "frontline_graduate": "yes",
        },
    )
    assert "Census details of Sw Persona updated" in done.content.decode()
    sw.refresh_from_db()
    details = WorkerDetails.objects.get(worker=sw)
    assert sw.registration_number == "SW100200"
    assert (details.birth_date, details.step_up_graduate, details.frontline_graduate) == (
        date(1991, 4, 2),
        None,
        True,
    )


def test_a_workers_pay_is_recorded_from_its_page(personas, sign_in):
    from safeguard.workforce.models import WorkerPay

    client = sign_in(personas.team_manager)
    sw = personas.social_worker.worker
    done = record(
        client,
        reverse("workforce:pay", args=[sw.pk]),
        {
            **day("effective_from", date(2025, 4, 1)),
            "base_salary": "39186.00",
            "recruitment_retention_payments": "2000",
            "other_payments": "",
        },
    )
    assert "Pay recorded for" in done.content.decode()
    pay = WorkerPay.objects.get(worker=sw)
    assert (pay.base_salary, pay.recruitment_retention_payments, pay.other_payments) == (
        Decimal("39186.00"),
        Decimal("2000.00"),
        Decimal("0.00"),
    )
    assert pay.recorded_by == personas.team_manager.worker


def test_pay_with_an_extra_digit_is_refused_beside_the_salary(personas, sign_in):
    from safeguard.workforce.models import WorkerPay

    client = sign_in(personas.team_manager)
    sw = personas.social_worker.worker
    refused = client.post(
        reverse("workforce:pay", args=[sw.pk]),
        {**day("effective_from", date(2025, 4, 1)), "base_salary": "391860.00"},
    )
    assert refused.status_code == 400
    assert "at most 250,000.00; got 391,860.00" in refused.content.decode()
    assert not WorkerPay.objects.exists()


def test_a_social_worker_cannot_record_or_see_the_pay_page(personas, sign_in):
    client = sign_in(personas.social_worker)
    url = reverse("workforce:pay", args=[personas.social_worker.worker.pk])
    assert client.get(url).status_code == 403


# The council's pay policy (census 2025 `LALevelVacancies`) ----------------------------------

POLICY = {
    "recruitment_bonus": "2",
    "retention_bonus": "1",
    "performance_award": "0",
    "car_allowance": "0",
    "relocation_package": "2",
    "regional_weighting": "1",
    "cost_swe": "1",
    "cost_dbs": "1",
    "other_allowances": "Essential user mileage",
}


def test_the_index_links_a_manager_to_the_pay_policy_of_the_next_census(personas, sign_in):
    page = sign_in(personas.team_manager).get(reverse("workforce:index")).content.decode()
    assert reverse("workforce:pay_policy", args=[2025]) in page
    analyst = sign_in(personas.analyst).get(reverse("workforce:index")).content.decode()
    assert "pay-policy" not in analyst


def test_a_head_of_service_records_the_councils_pay_policy_and_changes_it(personas, sign_in):
    from safeguard.workforce.models import PayPolicy

    client = sign_in(personas.head_of_service)
    url = reverse("workforce:pay_policy", args=[2025])
    assert "Not yet recorded" in client.get(url).content.decode()
    done = record(client, url, POLICY)
    assert "Pay policy recorded for the census of 30 September 2025" in done.content.decode()
    policy = PayPolicy.objects.get(authority=personas.authority, year=2025)
    assert (policy.recruitment_bonus, policy.retention_bonus, policy.other_allowances) == (
        "2",
        "1",
        "Essential user mileage",
    )
    again = client.get(url).content.decode()
    assert "Recorded: change any answer below" in again
    assert 'value="Essential user mileage"' in again
    record(client, url, {**POLICY, "car_allowance": "1", "other_allowances": "None"})
    policy.refresh_from_db()
    assert (policy.car_allowance, policy.other_allowances) == ("1", "None")
    assert PayPolicy.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="workforce.paypolicy").count() == 2


def test_a_pay_policy_for_a_census_year_not_yet_open_is_refused_and_nothing_written(
    personas, sign_in
):
    from safeguard.workforce.models import PayPolicy

    client = sign_in(personas.team_manager)
    refused = client.post(reverse("workforce:pay_policy", args=[2027]), POLICY)
    assert refused.status_code == 400
    assert "from 2010 to 2025" in refused.content.decode()
    assert not PayPolicy.objects.exists()


def test_a_pay_policy_without_its_answers_is_refused_beside_them(personas, sign_in):
    from safeguard.workforce.models import PayPolicy

    client = sign_in(personas.team_manager)
    refused = client.post(reverse("workforce:pay_policy", args=[2025]), {**POLICY, "cost_dbs": ""})
    assert refused.status_code == 400
    assert "Select whether social workers are eligible for their DBS check fee paid" in (
        refused.content.decode()
    )
    assert not PayPolicy.objects.exists()


def test_neither_a_social_worker_nor_an_analyst_may_record_the_pay_policy(personas, sign_in):
    from safeguard.workforce.models import PayPolicy

    url = reverse("workforce:pay_policy", args=[2025])
    for persona in (personas.social_worker, personas.analyst):
        client = sign_in(persona)
        assert client.get(url).status_code == 403
        assert client.post(url, POLICY).status_code == 403
    assert not PayPolicy.objects.exists()


def test_a_manager_sees_a_workers_current_pay_and_the_link_to_record_it(personas, sign_in):
    from safeguard.workforce.models import WorkerPay

    sw = personas.social_worker.worker
    WorkerPay.objects.create(worker=sw, effective_from=date(2025, 4, 1), base_salary=39186)
    WorkerPay.objects.create(worker=sw, effective_from=date(2025, 10, 1), base_salary=41000)
    page = sign_in(personas.team_manager).get(reverse("workforce:worker", args=[sw.pk]))
    html = page.content.decode()
    assert "£39186.00 a year full time from 1 April 2025" in html
    assert "41000" not in html
    assert reverse("workforce:pay", args=[sw.pk]) in html
    analyst = sign_in(personas.analyst).get(reverse("workforce:worker", args=[sw.pk]))
    assert "39186" not in analyst.content.decode()
    assert reverse("workforce:pay", args=[sw.pk]) not in analyst.content.decode()
