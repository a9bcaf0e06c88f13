"""The access matrix: every route x every role x own, other-team and restricted record.

The routes are read from the URL configuration (so a page added tomorrow is in the matrix
without touching this file), and each is requested as each persona, for a child in their need
to know, a child in another team and a restricted record, using real objects belonging to
that child (its referral, assessment, section 47 enquiry, plan, contact, team). What should
happen is written below as a table per permission x record x role; it is not computed by
asking the rules under test.

    ok   the page was served (2xx, a redirect other than to sign-in, a form refusing input)
    403  refused for the role
    404  refused for the record: outside need to know, so its existence does not leak

A route without a declared permission fails `test_every_route_declares_the_permission_it_checks`;
a permission without rows here fails `test_every_permission_in_use_has_a_row_in_the_table`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import rules
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.cases.tests.factories import (
    AssessmentFactory,
    CaseNoteFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    InitialConferenceFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    VisitFactory,
)
from safeguard.common import codes

ROLES = (
    "social_worker",
    "team_manager",
    "other_worker",
    "head_of_service",
    "front_door_worker",
    "conference_chair",
    "auditor",
    "analyst",
    "system_administrator",
    "partner_user",
    "superuser",
    "fhp",
    "partner_lead",
)
RECORDS = ("own", "other", "restricted")
NO_RECORD = "-"

# Everything under these is left out of the matrix, each for the reason given.
SKIPPED_PREFIXES = {
    "admin/": "the Django admin checks its own permissions: common/tests/test_admin.py",
    settings.STATIC_URL.lstrip("/"): "static files carry no data",
    "__debug__/": "the debug toolbar exists only in development",
    # The partner API takes no session sign-in: a request carries a partner token whose
    # scopes decide what it may do (401 without a live token, 403 without the scope), so
    # personas signed in by session do not apply. Tested route by route, and every Ninja
    # operation checked to demand a token, in safeguard/agencies/tests/test_api_auth.py.
    "api/": "token-authenticated partner API: safeguard/agencies/tests/test_api_auth.py",
    # A background job (an Annex A or census build) is its requester's alone: one URL cannot
    # serve every persona, so each job route is asked persona by persona there, and a job
    # route added without being asked there fails that file.
    "jobs/": "a job is its requester's alone: safeguard/jobs/tests/test_views.py",
}
SKIPPED_VIEW_MODULES = {
    "django.views.static": "Django's static file server (development only)",
    "django.contrib.staticfiles.views": "Django's static file server (development only)",
    "django.views.i18n": "Django's language and JavaScript catalogue views carry no data",
}

# Column order: social worker, team manager, other-team worker, head of service, front-door
# worker, conference chair, auditor, performance analyst, system administrator, partner user,
# a Django superuser who holds no role, a family help practitioner and a partner's lead
# practitioner (a health visitor, not named for the partner check). The system administrator
# is a superuser too (as `admin.demo` is in the demo): the flag grants nothing, so both get
# only what a role gives.
#
# Who may see which child (the fixture below arranges it): the social worker and their team
# manager hold `own`; the manager is also named on the `restricted` record; the other-team
# worker holds `other`; the head of service oversees the own team; the front-door worker has a
# contact about `own` awaiting a decision (`other`'s was decided two months ago); the
# conference chair serves the whole authority, so sees every child on a plan (`own` and
# `other`) but not the restricted record. The auditor, analyst and system administrator see
# no child without break-glass. No persona manages the front door team, so `contact.rate` is
# refused to all here; its manager's "ok" is in front_door/tests/test_mash_views.py.
# `returns.build` with a record is the census data-quality page of a build whose report lists
# the child: for those who build the return, whatever their need to know (it shows what the
# census file holds, no case content); a child the report does not list is refused there
# (returns/census/tests/test_data_quality_page.py).
# `family_help.*` with a record is the family help of the child's family (issue 16): `own`'s
# is overseen by the family help team and led by the partner lead, `other`'s overseen by the
# other team and led by its worker, `restricted`'s overseen by the family help team and led by
# the partner lead, whom the restriction does not name. A family is seen by its lead and the
# family help team's practitioners (the personas' managers oversee no family help team:
# family_help/tests/test_access_family_help.py has them), so the family help practitioner
# also sees `own`'s child, in an open family they work with; partners never see a child.
# `providers.*` with a record is the page of a provider the child is placed with: served to
# every role that reads the register, whatever their need to know, since it names only the
# children the reader may see and counts the rest (providers/tests/test_views.py).
# `workforce.*` with a record is the workforce of the child's team (issue 17): its
# establishment, a post in it, or the child's allocated worker, and the team's or its
# service's workforce dashboard. A team manager and head of service see and record their own
# teams' (a 404 for another team, or a service they do not oversee whole), an analyst sees
# every team's and records none (docs/decisions/0013).
# `improvement.*` with a record is a recommendation of the authority's improvement plan, or a
# document given as its evidence (issue 17): the plan names no child, so it is the same for
# every record; read by managers, analysts and auditors, kept by heads of service and
# analysts (docs/decisions/0015).
# `case_audit.*` with a record is an audit in progress of the practice of the record's worker
# in its team, conducted by the auditor, with an action owned by that worker (issue 17): seen
# by auditors, the team's managers and the audited worker, a restricted record's only by its
# named people; changed only by its auditor, answered only by its worker, an action closed by
# its owner or the auditor (docs/decisions/0014; a page that no longer applies redirects).
# `supervision.*` with a record is the child's case supervision (recorded by the team's
# managers within need to know), or the personal supervision of the record's worker (issue
# 17): read by the worker and their managers, a 404 for anyone else; recorded by the managers
# of the worker's team. `restricted`'s worker is `own`'s: personal supervision names no child.
TABLE = """
permission            record      sw   tm   oth  hos  fd   chr  aud  ana  adm  ptn  su   fhp  pl
signed_in             -           ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok  ok   ok
child.search          -           ok   ok   ok   ok   ok   ok   403  403  403  403  403  ok   403
caseload.view         -           ok   ok   ok   ok   ok   ok   403  403  403  403  403  ok   403
tasks.view            -           ok   ok   ok   ok   ok   ok   ok   403  403  403  403  ok   403
child.view            own         ok   ok   404  ok   ok   ok   403  403  403  403  403  ok   403
child.view            other       404  404  ok   404  404  ok   403  403  403  403  403  404  403
child.view            restricted  404  ok   404  404  404  404  403  403  403  403  403  404  403
child.record_visit    own         ok   ok   404  ok   ok   ok   403  403  403  403  403  ok   403
child.record_visit    other       404  404  ok   404  404  ok   403  403  403  403  403  404  403
child.record_visit    restricted  404  ok   404  404  404  404  403  403  403  403  403  404  403
child.add_case_note   own         ok   ok   404  ok   ok   ok   403  403  403  403  403  ok   403
child.add_case_note   other       404  404  ok   404  404  ok   403  403  403  403  403  404  403
child.add_case_note   restricted  404  ok   404  404  404  404  403  403  403  403  403  404  403
child.break_glass     own         ok   ok   ok   ok   ok   ok   ok   403  403  403  403  ok   403
child.break_glass     other       ok   ok   ok   ok   ok   ok   ok   403  403  403  403  ok   403
child.break_glass     restricted  404  ok   404  404  404  404  404  403  403  403  403  404  403
child.manage_episodes own         ok   ok   404  ok   403  403  403  403  403  403  403  403  403
child.manage_episodes other       404  404  ok   404  403  403  403  403  403  403  403  403  403
child.manage_episodes restricted  404  ok   404  404  403  403  403  403  403  403  403  403  403
child.change_details  own         ok   ok   404  ok   403  403  403  403  403  403  403  403  403
child.change_details  other       404  404  ok   404  403  403  403  403  403  403  403  403  403
child.change_details  restricted  404  ok   404  404  403  403  403  403  403  403  403  403  403
contact.decide        -           403  ok   403  ok   ok   403  403  403  403  403  403  403  403
contact.decide        own         403  ok   403  ok   ok   403  403  403  403  403  403  403  403
contact.decide        other       403  404  403  404  404  403  403  403  403  403  403  403  403
contact.decide        restricted  403  ok   403  404  404  403  403  403  403  403  403  403  403
contact.rate          own         403  403  403  403  403  403  403  403  403  403  403  403  403
contact.rate          other       403  404  403  404  403  403  403  403  403  403  403  403  403
contact.rate          restricted  403  403  403  404  403  403  403  403  403  403  403  403  403
contact.record        -           403  ok   403  ok   ok   403  403  403  403  403  403  403  403
conference.record     own         403  ok   403  ok   403  ok   403  403  403  403  403  403  403
conference.record     other       403  404  403  404  403  ok   403  403  403  403  403  403  403
conference.record     restricted  403  ok   403  404  403  404  403  403  403  403  403  403  403
conference.list       -           403  403  403  403  403  ok   403  403  403  403  403  403  403
assessment.authorise  own         403  ok   403  ok   403  403  403  403  403  403  403  403  403
assessment.authorise  other       403  404  403  404  403  403  403  403  403  403  403  403  403
assessment.authorise  restricted  403  ok   403  404  403  403  403  403  403  403  403  403  403
allocation.change     own         403  ok   403  ok   403  403  403  403  403  403  403  403  403
allocation.change     other       403  404  403  404  403  403  403  403  403  403  403  403  403
allocation.change     restricted  403  ok   403  404  403  403  403  403  403  403  403  403  403
team.dashboard        -           403  ok   403  ok   403  403  403  403  403  403  403  403  403
team.dashboard        own         403  ok   403  ok   403  403  403  403  403  403  403  403  403
team.dashboard        other       403  404  403  404  403  403  403  403  403  403  403  403  403
team.dashboard        restricted  403  ok   403  ok   403  403  403  403  403  403  403  403  403
performance.view      -           403  ok   403  ok   403  403  403  ok   403  403  403  403  403
benchmarks.view       -           403  ok   403  ok   403  403  403  ok   403  403  403  403  403
benchmarks.choose_neighbours - 403  403  403  ok   403  403  403  ok   403  403  403  403  403
returns.build         -           403  ok   403  ok   403  403  403  ok   403  403  403  403  403
returns.build         own         403  ok   403  ok   403  403  403  ok   403  403  403  403  403
returns.build         other       403  ok   403  ok   403  403  403  ok   403  403  403  403  403
returns.build         restricted  403  ok   403  ok   403  403  403  ok   403  403  403  403  403
audit.view            -           403  403  403  403  403  403  ok   403  403  403  403  403  403
audit.verify          -           403  403  403  403  403  403  ok   403  ok   403  403  403  403
accounts.manage       -           403  403  403  403  403  403  403  403  ok   403  403  403  403
linkage.review        -           403  ok   403  ok   ok   403  403  403  403  403  403  403  403
linkage.review        own         403  ok   403  ok   ok   403  403  403  403  403  403  403  403
linkage.review        other       403  ok   403  ok   ok   403  403  403  403  403  403  403  403
linkage.review        restricted  403  ok   403  404  404  403  403  403  403  403  403  403  403
partner.check         -           403  403  403  403  403  403  403  403  403  ok  403  403  403
partner.refer         -           403  403  403  403  403  403  403  403  403  ok  403  403  ok
signal.view           -           ok   ok   ok   ok   ok   ok   403  403  403  403  403  ok   403
signal.view           own         ok   ok   404  ok   ok   ok   403  403  403  403  403  ok   403
signal.view           other       404  404  ok   404  404  ok   403  403  403  403  403  404  403
signal.view           restricted  404  ok   404  404  404  404  403  403  403  403  403  404  403
signal.acknowledge    own         ok   ok   404  ok   ok   403  403  403  403  403  403  403  403
signal.acknowledge    other       404  404  ok   404  404  403  403  403  403  403  403  403  403
signal.acknowledge    restricted  404  ok   404  404  404  403  403  403  403  403  403  403  403
child.export_chronology own       ok   ok   404  ok   403  403  403  403  403  403  403  403  403
child.export_chronology other     404  404  ok   404  403  403  403  403  403  403  403  403  403
child.export_chronology restricted 404 ok   404  404  403  403  403  403  403  403  403  403  403
record.restrict       own         403  ok   403  ok   403  403  403  403  403  403  403  403  403
record.restrict       other       403  404  403  404  403  403  403  403  403  403  403  403  403
record.restrict       restricted  403  ok   403  404  403  403  403  403  403  403  403  403  403
providers.view        -           ok   ok   ok   ok   ok   ok   403  ok   403  403  403  ok   403
providers.view        own         ok   ok   ok   ok   ok   ok   403  ok   403  403  403  ok   403
providers.view        other       ok   ok   ok   ok   ok   ok   403  ok   403  403  403  ok   403
providers.view        restricted  ok   ok   ok   ok   ok   ok   403  ok   403  403  403  ok   403
providers.manage      -           403  ok   403  ok   403  403  403  ok   403  403  403  403  403
providers.manage      own         403  ok   403  ok   403  403  403  ok   403  403  403  403  403
providers.manage      other       403  ok   403  ok   403  403  403  ok   403  403  403  403  403
providers.manage      restricted  403  ok   403  ok   403  403  403  ok   403  403  403  403  403
family_help.view      -           ok   ok   ok   ok   ok   ok   403  403  403  ok   403  ok   ok
family_help.view      own         404  404  404  404  404  404  403  403  403  404  403  ok   ok
family_help.view      other       404  404  ok   404  404  404  403  403  403  404  403  404  404
family_help.view      restricted  404  404  404  404  404  404  403  403  403  404  403  404  404
family_help.record    own         404  404  404  404  403  403  403  403  403  404  403  ok   ok
family_help.record    other       404  404  ok   404  403  403  403  403  403  404  403  404  404
family_help.record    restricted  404  404  404  404  403  403  403  403  403  404  403  404  404
family_help.start     own         ok   ok   404  ok   403  403  403  403  403  403  403  ok   403
family_help.start     other       404  404  ok   404  403  403  403  403  403  403  403  404  403
family_help.start     restricted  404  ok   404  404  403  403  403  403  403  403  403  404  403
workforce.view        -           403  ok   403  ok   403  403  403  ok   403  403  403  403  403
workforce.view        own         403  ok   403  ok   403  403  403  ok   403  403  403  403  403
workforce.view        other       403  404  403  404  403  403  403  ok   403  403  403  403  403
workforce.view        restricted  403  ok   403  ok   403  403  403  ok   403  403  403  403  403
workforce.manage      -           403  ok   403  ok   403  403  403  403  403  403  403  403  403
workforce.manage      own         403  ok   403  ok   403  403  403  403  403  403  403  403  403
workforce.manage      other       403  404  403  404  403  403  403  403  403  403  403  403  403
workforce.manage      restricted  403  ok   403  ok   403  403  403  403  403  403  403  403  403
improvement.view      -           403  ok   403  ok   403  403  ok   ok   403  403  403  403  403
improvement.view      own         403  ok   403  ok   403  403  ok   ok   403  403  403  403  403
improvement.view      other       403  ok   403  ok   403  403  ok   ok   403  403  403  403  403
improvement.view      restricted  403  ok   403  ok   403  403  ok   ok   403  403  403  403  403
improvement.manage    -           403  403  403  ok   403  403  403  ok   403  403  403  403  403
improvement.manage    own         403  403  403  ok   403  403  403  ok   403  403  403  403  403
improvement.manage    other       403  403  403  ok   403  403  403  ok   403  403  403  403  403
improvement.manage    restricted  403  403  403  ok   403  403  403  ok   403  403  403  403  403
case_audit.view       -           ok   ok   ok   ok   403  403  ok   403  403  403  403  403  403
case_audit.view       own         ok   ok   404  ok   403  403  ok   403  403  403  403  403  403
case_audit.view       other       404  404  ok   404  403  403  ok   403  403  403  403  403  403
case_audit.view       restricted  404  ok   404  404  403  403  404  403  403  403  403  403  403
case_audit.conduct    -           403  ok   403  ok   403  403  ok   403  403  403  403  403  403
case_audit.conduct    own         403  403  403  403  403  403  ok   403  403  403  403  403  403
case_audit.conduct    other       403  404  403  404  403  403  ok   403  403  403  403  403  403
case_audit.conduct    restricted  403  403  403  404  403  403  404  403  403  403  403  403  403
case_audit.respond    own         ok   403  404  403  403  403  403  403  403  403  403  403  403
case_audit.respond    other       404  404  ok   404  403  403  403  403  403  403  403  403  403
case_audit.respond    restricted  404  403  404  404  403  403  403  403  403  403  403  403  403
case_audit.action_done own        ok   403  404  403  404  404  ok   403  403  403  403  404  403
case_audit.action_done other      404  404  ok   404  404  404  ok   403  403  403  403  404  403
case_audit.action_done restricted 404  403  404  404  404  404  404  403  403  403  403  404  403
case_audit.results    -           403  ok   403  ok   403  403  ok   ok   403  403  403  403  403
supervision.record_case own       403  ok   403  ok   403  403  403  403  403  403  403  403  403
supervision.record_case other     403  404  403  404  403  403  403  403  403  403  403  403  403
supervision.record_case restricted 403 ok   403  404  403  403  403  403  403  403  403  403  403
supervision.view_personal own     ok   ok   404  ok   404  404  403  403  403  403  403  404  403
supervision.view_personal other   404  404  ok   404  404  404  403  403  403  403  403  404  403
supervision.view_personal restricted ok ok  404  ok   404  404  403  403  403  403  403  404  403
supervision.record_personal own   403  ok   403  ok   403  403  403  403  403  403  403  403  403
supervision.record_personal other 403  404  403  404  403  403  403  403  403  403  403  403  403
supervision.record_personal restricted 403 ok 403 ok  403  403  403  403  403  403  403  403  403
"""


def _parse(table: str) -> dict[tuple[str, str], dict[str, str]]:
    rows = [line.split() for line in table.strip().splitlines()]
    header, body = rows[0], rows[1:]
    assert len(header) == 2 + len(ROLES), "one column per role"
    expected: dict[tuple[str, str], dict[str, str]] = {}
    for row in body:
        assert len(row) == len(header), f"row {row[:2]} needs a cell for every role"
        expected[(row[0], row[1])] = dict(zip(ROLES, row[2:], strict=True))
    return expected


EXPECTED = _parse(TABLE)

# How to fill each URL keyword from the objects that belong to one child (see `records`).
RECORD_KWARGS = {
    "child_id": lambda r: r["child"].pk,
    "person_id": lambda r: r["child"].pk,
    "la_child_id": lambda r: r["child"].la_child_id,
    "referral_id": lambda r: r["referral"].pk,
    "assessment_id": lambda r: r["assessment"].pk,
    "strategy_discussion_id": lambda r: r["strategy_discussion"].pk,
    "enquiry_id": lambda r: r["section47_enquiry"].pk,
    "section47_id": lambda r: r["section47_enquiry"].pk,
    "section47_enquiry_id": lambda r: r["section47_enquiry"].pk,
    "conference_id": lambda r: r["conference"].pk,
    "plan_id": lambda r: r["plan"].pk,
    "protection_plan_id": lambda r: r["plan"].pk,
    "cin_plan_id": lambda r: r["cin_plan"].pk,
    "contact_id": lambda r: r["contact"].pk,
    # A multi-agency information request (issue 10) made about the child's contact.
    "information_request_id": lambda r: _information_request_about(r["contact"]).pk,
    "visit_id": lambda r: r["visit"].pk,
    "case_note_id": lambda r: r["case_note"].pk,
    "team_id": lambda r: r["team"].pk,
    # A signal (issue 5) about the child, sent as the signals service would send it.
    "signal_id": lambda r: _signal_about(r["child"]).pk,
    # A suggested identity match (issue 5) whose candidate is the child.
    "review_id": lambda r: _linkage_review_about(r["child"]).pk,
    # One of the child's relationships, and someone living with the child (issue 14: the
    # pages that change the household).
    "relationship_id": lambda r: _relationship_of(r["child"]).pk,
    "residence_id": lambda r: _household_member_of(r["child"]).pk,
    # A census build whose error report lists the child (issue 14: the data-quality page).
    "build_id": lambda r: _census_build_listing(r["child"], r["team"].authority).pk,
    # A provider in the register that the child is placed with now (issue 15).
    "urn": lambda r: _provider_placing(r["child"]).urn,
    # The family help of the child's family (issue 16), the child's part in it, and its
    # open assessment, plan and one of the plan's actions.
    "family_help_id": lambda r: r["family_help"].pk,
    "child_episode_id": lambda r: r["family_help"].children.get().pk,
    "family_assessment_id": lambda r: _family_help_row(r["family_help"], "assessment").pk,
    "family_plan_id": lambda r: _family_help_row(r["family_help"], "plan").pk,
    "action_id": lambda r: _family_help_row(r["family_help"], "action").pk,
    # A family group conference offered for the child, and the child's open pre-proceedings
    # (issue 16, item 4): the proceedings pages read them through the child in the URL.
    "family_group_conference_id": lambda r: _proceedings_row(r, "conference").pk,
    "pre_proceedings_id": lambda r: _proceedings_row(r, "pre_proceedings").pk,
    # The workforce record (issue 17): the child's allocated worker, and a post in the
    # child's team. `restricted` is about the same team as `own`: a restriction is about a
    # child, and the workforce pages show none.
    "worker_id": lambda r: r["visit"].visited_by.pk,
    "post_id": lambda r: _post_in(r["team"]).pk,
    # The workforce dashboard of the child's team's service (issue 17): Team A's is
    # Safeguarding, which the personas' managers oversee whole; Team B, in no service, is
    # given one of its own here.
    "service_id": lambda r: _service_of(r["team"]).pk,
    # A recommendation of the authority's improvement plan, and a document given as its
    # evidence (issue 17): the plan names no child, so every record gives the same one.
    "recommendation_id": lambda r: _improvement_row(r["team"].authority, "recommendation").pk,
    "evidence_id": lambda r: _improvement_row(r["team"].authority, "document").pk,
    # A case audit in progress of the record's worker's practice, and its action (issue 17).
    "case_audit_id": lambda r: _case_audit_of(r).pk,
    "case_audit_action_id": lambda r: _case_audit_of(r).actions.get().pk,
    # An action agreed in a case supervision of the child (issue 17).
    "supervision_action_id": lambda r: _supervision_action_of(r).pk,
}


def _supervision_action_of(record: dict[str, Any]) -> Any:
    from safeguard.supervision.tests.factories import supervision_action_about

    return supervision_action_about(record["child"], record["visit"].visited_by)


def _case_audit_of(record: dict[str, Any]) -> Any:
    from safeguard.case_audits.tests.factories import case_audit_in_progress

    return case_audit_in_progress(record["child"], record["visit"].visited_by, record["team"])


def _improvement_row(authority: Any, kind: str) -> Any:
    from safeguard.improvement.tests.factories import document_evidence_in

    evidence = document_evidence_in(authority)
    return evidence if kind == "document" else evidence.recommendation


def _post_in(team: Any) -> Any:
    from safeguard.workforce.tests.factories import post_in

    return post_in(team)


def _service_of(team: Any) -> Any:
    from safeguard.organisation.models import Service

    if team.service_id is None:
        team.service = Service.objects.create(authority=team.authority, name=f"{team.name} service")
        team.save(update_fields=["service"])
    return team.service


def _proceedings_row(record: dict[str, Any], kind: str) -> Any:
    """The child's family group conference or open pre-proceedings, made once."""
    from safeguard.proceedings.models import (
        FamilyGroupConference,
        LegalPlanningMeeting,
        PreProceedings,
    )

    child, worker = record["child"], record["visit"].visited_by
    on = timezone.localdate() - timedelta(days=30)
    if kind == "conference":
        return FamilyGroupConference.objects.filter(
            child=child
        ).first() or FamilyGroupConference.objects.create(
            child=child, offered_on=on, offered_by=worker
        )
    return PreProceedings.objects.filter(child=child, outcome="").first() or (
        PreProceedings.objects.create(
            child=child,
            decision=LegalPlanningMeeting.objects.create(
                child=child, held_on=on, outcome="B", rationale="Matrix.", chaired_by=worker
            ),
            plo_family_reference=f"PLO-M{child.pk}",
            started_on=on,
        )
    )


def _provider_placing(child: Any) -> Any:
    from safeguard.cases.tests.factories import PlacementFactory
    from safeguard.providers.models import Provider

    provider, created = Provider.objects.get_or_create(
        urn=f"SC9{child.pk:05d}", defaults={"kind": "childrens_home", "name": "Matrix House"}
    )
    if created:
        PlacementFactory(period__child=child, urn=provider.urn)
    return provider


def _family_help_of(child: Any, team: Any, lead_user: Any) -> Any:
    from safeguard.family_help.tests.factories import (
        EarlyHelpEpisodeFactory,
        FamilyHelpEpisodeFactory,
    )

    family_help = FamilyHelpEpisodeFactory(team=team, lead_user=lead_user)
    EarlyHelpEpisodeFactory(family_help=family_help, child=child)
    return family_help


def _family_help_row(family_help: Any, kind: str) -> Any:
    """The family's open assessment, its plan or an action of the plan, made once."""
    from safeguard.family_help.tests.factories import (
        FamilyHelpAssessmentFactory,
        FamilyPlanFactory,
        PlanActionFactory,
    )

    if kind == "assessment":
        return family_help.assessments.first() or FamilyHelpAssessmentFactory(
            family_help=family_help
        )
    plan = family_help.plans.first() or FamilyPlanFactory(family_help=family_help)
    if kind == "plan":
        return plan
    action = plan.outcomes.first() and plan.outcomes.first().actions.first()
    return action or PlanActionFactory(outcome__plan=plan)


def _relationship_of(child: Any) -> Any:
    from safeguard.people.tests.factories import RelationshipFactory

    return RelationshipFactory(relative=child)


def _household_member_of(child: Any) -> Any:
    from safeguard.people.tests.factories import ResidenceFactory

    home = ResidenceFactory(person=child)
    return ResidenceFactory(address=home.address, person__adult=True)


def _census_build_listing(child: Any, authority: Any) -> Any:
    from safeguard.returns.census.tests.fixtures import census_build_listing

    return census_build_listing(child, authority=authority)


def _information_request_about(contact: Any) -> Any:
    from safeguard.front_door.tests.mash_support import information_request_about

    return information_request_about(contact)


def _linkage_review_about(child: Any) -> Any:
    from safeguard.agencies.linkage.tests.fixtures import review_about

    return review_about(child)


def _signal_about(child: Any) -> Any:
    from safeguard.agencies.signals.tests.factories import signal_about

    return signal_about(child)


# Keywords that name no record.
OTHER_KWARGS = {
    "form_key": "access-matrix",
    # A missing episode (care:return_interview): the page asks about the child before it.
    "episode_id": 1,
    "measure": "unallocated",  # a team dashboard figure (cases.selectors.TEAM_MEASURES)
    "indicator": "re_referrals",  # a performance indicator (performance.registry.INDICATORS)
    "theme": "voice_of_the_child",  # a case audit theme (case_audits.models.AuditTheme)
    "year": 2025,  # a workforce census year (workforce:pay_policy)
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    callback: Any
    kwargs: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name or self.route

    @property
    def is_about_a_record(self) -> bool:
        return any(k in RECORD_KWARGS for k in self.kwargs)

    @property
    def permission(self) -> str | None:
        value: str | None = getattr(self.callback, "safeguard_permission", None)
        return value

    @property
    def is_public(self) -> bool:
        return bool(getattr(self.callback, "safeguard_public", False))

    def url(self, record: dict[str, Any] | None) -> str:
        kwargs = {}
        for key in self.kwargs:
            if key in OTHER_KWARGS:
                kwargs[key] = OTHER_KWARGS[key]
            elif key in RECORD_KWARGS and record is not None:
                kwargs[key] = RECORD_KWARGS[key](record)
            else:
                raise AssertionError(
                    f"{self.label}: add how to build the URL keyword {key!r} to RECORD_KWARGS "
                    "or OTHER_KWARGS in this test"
                )
        if self.name:
            return reverse(self.name, kwargs=kwargs)
        path = "/" + self.route
        for key, value in kwargs.items():
            path = re.sub(rf"<(\w+:)?{key}>", str(value), path)
        return path


def _skip_reason(route: str, callback: Any) -> str | None:
    for prefix, reason in SKIPPED_PREFIXES.items():
        if prefix and route.startswith(prefix):
            return reason
    return SKIPPED_VIEW_MODULES.get(getattr(callback, "__module__", ""))


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()
) -> list[Route]:
    """Every URL pattern under `patterns`, however deeply included, with its full route, its
    namespaced name and every keyword it takes (an include's as well as its own)."""
    routes = []
    for entry in patterns:
        own = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            routes += _walk(entry.url_patterns, prefix + str(entry.pattern), inner, kwargs + own)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            routes.append(Route(route, name, entry.callback, kwargs + own))
    return routes


ALL_ROUTES = _walk(get_resolver().url_patterns)
ROUTES = [r for r in ALL_ROUTES if _skip_reason(r.route, r.callback) is None]
SKIPPED = [r for r in ALL_ROUTES if _skip_reason(r.route, r.callback) is not None]


# Declarations ------------------------------------------------------------------------------


def test_the_url_configuration_is_walked_and_the_admin_left_out_with_its_reason():
    assert any(r.name == "home" for r in ROUTES)
    assert any(r.route.startswith("admin/") for r in SKIPPED)
    assert not any(r.route.startswith("admin/") for r in ROUTES)


def test_every_route_declares_the_permission_it_checks():
    undeclared = [r.route for r in ROUTES if not hasattr(r.callback, "safeguard_permission")]
    assert undeclared == [], (
        "every view needs @requires(permission), @public or @signed_in_only "
        "(safeguard/accounts/access.py)"
    )


def test_a_new_route_without_a_declared_permission_would_be_caught():
    from django.urls import include, path

    def undeclared_view(request: Any) -> None:  # pragma: no cover - never called
        return None

    routes = _walk([path("new/", include(([path("page", undeclared_view, name="p")], "x")))])
    assert [(r.route, r.name, hasattr(r.callback, "safeguard_permission")) for r in routes] == [
        ("new/page", "x:p", False)
    ]


def test_every_declared_permission_is_a_named_rule():
    unknown = [
        (r.route, r.permission)
        for r in ROUTES
        if r.permission not in (None, "signed_in") and not rules.perm_exists(r.permission)
    ]
    assert unknown == []


def test_only_routes_marked_public_go_without_a_permission():
    assert [r.route for r in ROUTES if r.permission is None and not r.is_public] == []


def test_every_permission_in_use_has_a_row_in_the_table():
    missing = sorted(
        {
            (r.permission, record)
            for r in ROUTES
            if not r.is_public
            for record in (RECORDS if r.is_about_a_record else (NO_RECORD,))
            if (r.permission, record) not in EXPECTED
        }
    )
    assert missing == [], "write what each role should get for these in TABLE"


def test_the_api_is_left_out_of_the_matrix_only_because_its_own_tests_cover_it():
    # Partner systems sign in with a token, not as staff: every API operation's token check,
    # scope and organisation are tested route by route in agencies/tests/test_api_auth.py
    # (which fails when an operation is missing there).
    from safeguard.agencies.tests import test_api_auth

    assert "api/" in SKIPPED_PREFIXES
    assert "test_api_auth.py" in SKIPPED_PREFIXES["api/"]
    assert hasattr(test_api_auth, "test_the_api_routes_are_all_in_the_list_tested_here")
    assert not any(r.route.startswith("api/") for r in ROUTES)


# Requests ----------------------------------------------------------------------------------


@pytest.fixture
def records(personas):
    """For each of own, other-team and restricted: the child and a real referral, assessment,
    strategy discussion, section 47 enquiry, conference, plan, contact, visit and case note
    about them, their family's help, and their team."""
    now = timezone.now()
    chair = personas.conference_chair.worker

    def build(
        child: Any, team: Any, worker: Any, *, contact: dict, chaired: bool, family: tuple
    ) -> dict:
        referral = ReferralFactory(child=child, team=team)
        first_enquiry = Section47EnquiryFactory(
            strategy_discussion=StrategyDiscussionFactory(referral=referral), completed=True
        )
        conference = InitialConferenceFactory(
            section47_enquiry=first_enquiry, chair=chair if chaired else None
        )
        discussion = StrategyDiscussionFactory(referral=referral)
        return {
            "child": child,
            "team": team,
            "referral": referral,
            "assessment": AssessmentFactory(referral=referral, worker=worker, submitted=True),
            "strategy_discussion": discussion,
            "section47_enquiry": Section47EnquiryFactory(
                strategy_discussion=discussion, completed=True
            ),
            "conference": conference,
            "plan": ChildProtectionPlanFactory(initial_conference=conference),
            "cin_plan": ChildInNeedPlanFactory(referral=referral),
            "contact": ContactFactory(child=child, team=personas.front_door, **contact),
            "visit": VisitFactory(child=child, visited_by=worker),
            "case_note": CaseNoteFactory(child=child, written_by=worker),
            "family_help": _family_help_of(child, *family),
        }

    long_ago = now - timedelta(days=60)
    awaiting_decision = {"received_at": now - timedelta(days=1)}
    decided_long_ago = {
        "received_at": long_ago,
        "decision": codes.ContactDecision.REFERRAL,
        "decided_at": long_ago + timedelta(hours=3),
        "decision_rationale": "Meets the threshold for a referral.",
    }
    built = {
        "own": build(
            personas.own_child,
            personas.team,
            personas.social_worker.worker,
            contact=awaiting_decision,
            chaired=True,
            family=(personas.family_help_team, personas.partner_lead),
        ),
        "other": build(
            personas.other_child,
            personas.other_team,
            personas.other_worker.worker,
            contact=decided_long_ago,
            chaired=False,
            family=(personas.other_team, personas.other_worker),
        ),
        "restricted": build(
            personas.restricted_child,
            personas.team,
            personas.social_worker.worker,
            contact=awaiting_decision,
            chaired=True,
            family=(personas.family_help_team, personas.partner_lead),
        ),
    }
    for user in personas.all_users.values():
        TOTPDevice.objects.get_or_create(user=user, name="matrix", defaults={"confirmed": True})
    return built


def _client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
    return client


def _outcome(user: User | None, url: str) -> str:
    """What happened when `user` asked for `url`; nothing they did is kept."""
    with transaction.atomic():
        client = _client(user)
        response = client.get(url)
        if response.status_code == 405:  # a form that only takes posts: post it empty
            response = client.post(url, {})
        transaction.set_rollback(True)
    status = response.status_code
    if status in (403, 404):
        return str(status)
    if 300 <= status < 400 and response["Location"].startswith(reverse("accounts:sign_in")):
        return "sign-in"
    if status >= 500:
        error = getattr(response, "exc_info", None)
        return f"error {status} {error[1]!r}" if error else f"error {status}"
    return "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_public], ids=lambda r: r.label)
def test_a_public_route_is_served_to_anyone(route, records, personas):
    url = route.url(records["own"])
    outcomes = {role: _outcome(personas.all_users[role], url) for role in ROLES}
    outcomes["signed out"] = _outcome(None, url)
    assert {who: got for who, got in outcomes.items() if got not in ("ok", "sign-in")} == {}


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.label)
def test_each_role_is_allowed_or_refused_as_the_table_says(route, records, personas):
    assert route.permission is not None, f"{route.route} declares no permission"
    assert _outcome(None, route.url(records["own"])) == "sign-in", "signed out: sent to sign in"
    mismatches = []
    for record in RECORDS if route.is_about_a_record else (NO_RECORD,):
        expected = EXPECTED.get((route.permission, record))
        assert expected is not None, f"TABLE needs a row for {route.permission} {record}"
        url = route.url(records[record] if record != NO_RECORD else records["own"])
        for role in ROLES:
            got = _outcome(personas.all_users[role], url)
            if got != expected[role]:
                mismatches.append(
                    f"{role} on {record} ({url}): expected {expected[role]}, got {got}"
                )
    assert mismatches == [], f"{route.label} [{route.permission}]:\n" + "\n".join(mismatches)
