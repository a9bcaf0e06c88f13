"""A hand-built census child for the year ending 31 March 2025 that breaks no rule.

Episode 1 (closed): referral Monday 6 May 2024; assessment 6 May to 14 June; strategy
discussion and section 47 enquiry Monday 13 May; initial conference Monday 3 June, which
started a protection plan (neglect) reviewed 2 September and ended Monday 6 January 2025,
when a CIN plan took over until the episode closed on 28 February 2025 (RC7).
Episode 2 (open): referral Monday 10 March 2025 with an assessment in progress.
"""

from __future__ import annotations

from datetime import date

from safeguard.people.identifiers import upn_from_seed
from safeguard.returns.census.records import (
    AssessmentRecord,
    CensusChild,
    CinEpisode,
    CinPlanRecord,
    ProtectionPlanRecord,
    Section47Record,
)
from safeguard.timescales.working_days import add_working_days


def clean_child(person_id: int = 1) -> CensusChild:
    return CensusChild(
        person_id=person_id,
        la_child_id=f"NB{person_id:07d}",
        upn=upn_from_seed(person_id, "352"),  # a recognised LA code (rule 1530)
        former_upn="",
        upn_unknown="",
        birth_date=date(2015, 6, 1),
        expected_birth_date=None,
        sex="F",
        death_date=None,
        ethnicity="WBRI",
        disabilities=["NONE"],
        episodes=[
            CinEpisode(
                referral_id=10,
                referral_date=date(2024, 5, 6),
                source="2A",
                primary_need="N1",
                closure_date=date(2025, 2, 28),
                closure_reason="RC7",
                conference_date=None,
                no_further_action=False,
                assessments=[
                    AssessmentRecord(20, date(2024, 5, 6), date(2024, 6, 14), ["16A", "3B"])
                ],
                section47s=[
                    Section47Record(
                        30,
                        date(2024, 5, 13),
                        add_working_days(date(2024, 5, 13), 15),
                        date(2024, 6, 3),
                        False,
                    )
                ],
                protection_plans=[
                    ProtectionPlanRecord(
                        40, date(2024, 6, 3), date(2025, 1, 6), "NEG", "NEG", 0, [date(2024, 9, 2)]
                    )
                ],
                cin_plans=[CinPlanRecord(50, date(2025, 1, 6), date(2025, 2, 28))],
            ),
            CinEpisode(
                referral_id=11,
                referral_date=date(2025, 3, 10),
                source="6",
                primary_need="N5",
                closure_date=None,
                closure_reason="",
                conference_date=None,
                no_further_action=False,
                assessments=[AssessmentRecord(21, date(2025, 3, 10), None, [])],
            ),
        ],
    )
