"""A small, hand-built authority for the workforce census of 30 September 2024 (the year
1 October 2023 to 30 September 2024). Every figure the tests expect is worked out here.

    worker  role                    basis      in the census because
    Ada     social worker           permanent  in post on 30 Sept (3 children allocated)
    Ben     senior practitioner     permanent  started 4 Mar 2024, 0.6 FTE
    Cara    team manager            permanent  left 28 Jun 2024
    Dan     team manager            agency     in post on 30 Sept, covering Cara's post
    Hal     conference chair        permanent  in post, no post holding (FTE from the worker)
    not in it: Eve (left 15 Sept 2023, before the year), Fay (family help practitioner),
    Gus (agency, left 30 Aug 2024), Ivy (starts 1 Oct 2024, after the day).

    posts on 30 Sept        funded  permanent  vacant  agency
    P1 social worker        1.00    1.00 Ada   0.00
    P2 senior practitioner  1.00    0.60 Ben   0.40
    P3 team manager         1.00    -          1.00    1.00 Dan
    P4 family help          1.00    -          (not a social work post: left out)
    P5 social worker        cut 31 Mar 2024    (not open on the day: left out)
    NumberOfVacancies 1.40, NoAgencyFTE 1.00, NoAgencyHeadcount 1.

Ada's sickness: 25 Sept to 4 Oct 2023 (10 calendar days, 8 working days lost), of which
4 days fall in the year: 8 x 4 / 10 = 3.20; and 5-6 Feb 2024, 2.00: WorkingDaysLost 5.20.
Her training day on 30 Sept 2024 makes Absat30Sept 1, ReasonAbsence TRN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from safeguard.cases.tests.factories import AllocationFactory
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.people.tests.factories import ChildFactory
from safeguard.workforce.models import Absence, Post, PostHolding, WorkerDetails

R = Worker.Role


@dataclass
class Workforce:
    authority: Authority
    team: Team
    ada: Worker
    ben: Worker
    cara: Worker
    dan: Worker
    hal: Worker


def _worker(authority: Authority, team: Team, first: str, role: str, number: str, **kw) -> Worker:
    kw.setdefault("started_on", date(2020, 1, 6))
    return Worker.objects.create(
        authority=authority,
        team=team,
        first_name=first,
        last_name="Generated",
        role=role,
        registration_number=number,
        **kw,
    )


def _details(worker: Worker, **kw) -> WorkerDetails:
    values = {
        "birth_date": date(1985, 3, 2),
        "gender": "2",
        "ethnicity": "WBRI",
        "qualification_institution": "University of Generated Town",
        "qualification_level": "2",
        "step_up_graduate": False,
        "frontline_graduate": False,
    }
    values.update(kw)
    return WorkerDetails.objects.create(worker=worker, **values)


def _post(authority: Authority, team: Team, reference: str, role: str, **kw) -> Post:
    kw.setdefault("start_date", date(2019, 4, 1))
    return Post.objects.create(
        authority=authority,
        team=team,
        reference=reference,
        role=role,
        funded_fte=Decimal("1.00"),
        **kw,
    )


def _hold(post: Post, worker: Worker, basis: str, fte: str, start: date, end: date | None = None):
    return PostHolding.objects.create(
        post=post, worker=worker, basis=basis, fte=Decimal(fte), start_date=start, end_date=end
    )


def build_workforce(authority: Authority | None = None) -> Workforce:
    """The workforce above, in a new authority (DfE code 894) or in `authority`."""
    if authority is None:
        authority = Authority.objects.create(
            name="Workforceshire", la_code="894", child_population=40_000
        )
    team = Team.objects.create(
        authority=authority, name="Safeguarding (workforce)", kind=Team.Kind.CHILD_PROTECTION
    )
    fh_team = Team.objects.create(
        authority=authority, name="Family help (workforce)", kind=Team.Kind.FAMILY_HELP
    )
    perm, agency = PostHolding.Basis.PERMANENT, PostHolding.Basis.AGENCY

    ada = _worker(authority, team, "Ada", R.SOCIAL_WORKER, "SW100001")
    _details(ada, frontline_graduate=True)
    ben = _worker(
        authority, team, "Ben", R.SENIOR_PRACTITIONER, "SW100002", started_on=date(2024, 3, 4)
    )
    _details(ben, gender="1", ethnicity="AIND", qualification_level="1", start_origin="2")
    cara = _worker(authority, team, "Cara", R.TEAM_MANAGER, "SW100003", left_on=date(2024, 6, 28))
    _details(cara, leaver_destination="1", reason_for_leaving="1", step_up_graduate=True)
    dan = _worker(
        authority,
        team,
        "Dan",
        R.TEAM_MANAGER,
        "SW100004",
        is_agency=True,
        started_on=date(2024, 7, 1),
    )
    _details(dan, gender="1")
    hal = _worker(
        authority, None, "Hal", R.CONFERENCE_CHAIR, "SW100005", full_time_equivalent=Decimal("0.80")
    )
    _details(hal, ethnicity="WIRT")
    eve = _worker(authority, team, "Eve", R.SOCIAL_WORKER, "SW100006", left_on=date(2023, 9, 15))
    _worker(authority, fh_team, "Fay", R.FAMILY_HELP_PRACTITIONER, "")
    _worker(
        authority,
        team,
        "Gus",
        R.SOCIAL_WORKER,
        "SW100007",
        is_agency=True,
        left_on=date(2024, 8, 30),
    )
    _worker(authority, team, "Ivy", R.SOCIAL_WORKER, "SW100008", started_on=date(2024, 10, 1))

    p1 = _post(authority, team, "P1", R.SOCIAL_WORKER)
    p2 = _post(authority, team, "P2", R.SENIOR_PRACTITIONER)
    p3 = _post(authority, team, "P3", R.TEAM_MANAGER)
    _post(authority, fh_team, "P4", R.FAMILY_HELP_PRACTITIONER)
    p5 = _post(authority, team, "P5", R.SOCIAL_WORKER, end_date=date(2024, 3, 31))
    _hold(p1, ada, perm, "1.00", date(2020, 1, 6))
    _hold(p2, ben, perm, "0.60", date(2024, 3, 4))
    _hold(p3, cara, perm, "1.00", date(2020, 1, 6), date(2024, 6, 28))
    _hold(p3, dan, agency, "1.00", date(2024, 7, 1))
    _hold(p5, eve, perm, "1.00", date(2020, 1, 6), date(2023, 9, 15))

    def absence(worker: Worker, reason: str, start: date, end: date, days: str) -> None:
        Absence.objects.create(
            worker=worker,
            reason=reason,
            start_date=start,
            end_date=end,
            working_days_lost=Decimal(days),
        )

    absence(ada, "SIC", date(2023, 9, 25), date(2023, 10, 4), "8.00")
    absence(ada, "SIC", date(2024, 2, 5), date(2024, 2, 6), "2.00")
    absence(ada, "TRN", date(2024, 9, 30), date(2024, 9, 30), "1.00")
    absence(ada, "SIC", date(2024, 10, 7), date(2024, 10, 8), "2.00")  # after the year
    absence(ben, "OTH", date(2024, 9, 2), date(2024, 9, 3), "2.00")  # over before the day

    # Ada's children on 30 Sept: two open, one ending that day (still open), one ended the
    # day before (not counted).
    for start, end in (
        (date(2024, 1, 8), None),
        (date(2024, 5, 1), None),
        (date(2024, 2, 1), date(2024, 9, 30)),
        (date(2024, 2, 1), date(2024, 9, 29)),
    ):
        AllocationFactory(
            child=ChildFactory(), team=team, worker=ada, start_date=start, end_date=end
        )
    return Workforce(authority, team, ada, ben, cara, dan, hal)
