"""Every permission in Safeguard, as a named rule in one place.

Views, API routes, exports, downloads and admin pages check these on the server with
`allowed(user, name, obj)` (views declare theirs with `accounts.access.requires`). A rule that
takes a child (`obj`) also applies need to know (`queries.can_see_child`). The access-matrix
test walks every URL and checks each declares one of these.

Never `user.has_perm`: Django answers "yes" to any active superuser before asking a backend,
so a superuser flag would stand above every rule here. `allowed` asks the rule itself, so a
role is the only thing that grants (tests/test_no_superuser_bypass.py keeps it that way).
"""

from __future__ import annotations

from typing import Any

import rules

from safeguard.common.types import AnyUser

from .queries import can_see_child, can_see_family, can_see_signal
from .roles import MANAGER_ROLES, PRACTITIONER_ROLES, Role, role_of, worker_of


def allowed(user: AnyUser | None, permission: str, obj: Any = None) -> bool:
    """Whether `user` may do `permission` (to `obj`), asked of the named rule and the user's
    role alone: a Django superuser or staff flag grants nothing here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return rules.has_perm(permission, user, obj)


def _has_role(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate
    def predicate(user: AnyUser) -> bool:
        return role_of(user) in allowed

    predicate.name = "has_role:" + ",".join(sorted(allowed))
    return predicate


is_practitioner = _has_role(*PRACTITIONER_ROLES)
is_case_holder = _has_role(Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, *MANAGER_ROLES)
is_manager = _has_role(*MANAGER_ROLES)
is_front_door = _has_role(Role.FRONT_DOOR_WORKER, *MANAGER_ROLES)
is_conference_chair = _has_role(Role.CONFERENCE_CHAIR, *MANAGER_ROLES)
is_auditor = _has_role(Role.AUDITOR)
is_analyst = _has_role(Role.PERFORMANCE_ANALYST, *MANAGER_ROLES)
is_system_administrator = _has_role(Role.SYSTEM_ADMINISTRATOR)


@rules.predicate
def may_see_child(user: AnyUser, child: Any) -> bool:
    """Need to know for one child. Asked without a child (a view's role check before it has
    loaded anything) it passes, and the selector that loads the child applies it."""
    return child is None or can_see_child(user, child)


# Finding and reading children's records.
rules.add_perm("child.search", is_practitioner)
rules.add_perm("child.view", is_practitioner & may_see_child)
rules.add_perm("child.break_glass", is_practitioner | is_auditor)
rules.add_perm("caseload.view", is_practitioner)

# Recording work on a child's record.
rules.add_perm("child.record_visit", is_practitioner & may_see_child)
rules.add_perm("child.add_case_note", is_practitioner & may_see_child)
rules.add_perm("child.manage_episodes", is_case_holder & may_see_child)
# Who the child is, their household, relationships and addresses (issue 14): corrected and
# kept up to date by those who hold the case (the allocated worker and their managers), as
# they record its episodes; every change is audited by the people services.
rules.add_perm("child.change_details", is_case_holder & may_see_child)
rules.add_perm("contact.decide", is_front_door & may_see_child)
rules.add_perm("conference.record", is_conference_chair & may_see_child)
# The independent chair's own list (upcoming, out of time, held and not yet recorded; issue
# 14). Managers record conferences too, but follow them on their teams' pages.
rules.add_perm("conference.list", _has_role(Role.CONFERENCE_CHAIR))

# Management oversight.
rules.add_perm("assessment.authorise", is_manager & may_see_child)
rules.add_perm("allocation.change", is_manager & may_see_child)
rules.add_perm("team.dashboard", is_manager)

# Oversight without case content, and the audit trail.
rules.add_perm("performance.view", is_analyst)
rules.add_perm("audit.view", is_auditor)
rules.add_perm("audit.verify", is_auditor | is_system_administrator)

# Accounts: the system administrator manages accounts but does not read case content.
rules.add_perm("accounts.manage", is_system_administrator)


# --- Multi-agency hub: signals and the court-bundle chronology (issue 5) -------------------
# A signal is about a child, so need to know applies: who may see one is one filter,
# `queries.signal_visible_q` (sent to them or a team they work in or oversee, or about a child
# they may see; a restricted record's signals only for its named people), asked of the one
# signal here and of every list by the hub's selectors. Duck-typed on the signal's fields so
# this module imports nothing from the hub.
@rules.predicate
def may_see_signal(user: AnyUser, signal: Any) -> bool:
    return signal is None or can_see_signal(user, signal)


rules.add_perm("signal.view", is_practitioner & may_see_signal)
# Case holders, their managers and the front door act on signals; an independent conference
# chair sees them on a record but does not acknowledge them for the worker.
rules.add_perm("signal.acknowledge", (is_case_holder | is_front_door) & may_see_signal)
# A court bundle's chronology is prepared by the case holder or their manager.
rules.add_perm("child.export_chronology", is_case_holder & may_see_child)


# Partner agencies (issue 5, safeguard/agencies). A partner user belongs to a partner
# organisation and holds no social-care role, so no rule above lets them see case content.
# The partner check answers only "on a plan / looked after, since when, whom to phone", and
# only named practitioners of an active organisation may ask it (as CP-IS limits its users).
@rules.predicate
def is_partner_checker(user: AnyUser) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    # Staff are never partners (agencies.services refuses both at once); their worker record
    # is already read for the request, so the navigation asks no extra query for them.
    if role_of(user) is not None:
        return False
    membership = getattr(user, "partner_membership", None)
    return bool(membership and membership.may_check and membership.organisation.is_active)


rules.add_perm("partner.check", is_partner_checker)

# --- Children in Need census (issue 6, safeguard/returns/census) ----------------------------
# Building the census reads every child in the year and its error report names children by
# their authority id: the analysts and managers who file the return build it, see the report
# and download the file. For each child the report lists they may also open the read-only
# data-quality page (what the census holds for the child, the errors, whom to ask; issue 14):
# returns.census.selectors refuses a child the report does not list. The child's record still
# needs `child.view` (or break-glass). Every build, view, page and download is audited.
rules.add_perm("returns.build", is_analyst)

# --- Identity linkage review (issue 5, safeguard/agencies/linkage) ---------------------------
# Deciding whether a partner's record is a known person is front-door work: the review page
# shows identity details only (names, date of birth, sex, identifiers, home), never case
# content, so it is not limited to children already in the reviewer's need to know. A
# restricted record's candidate is shown only to its named people (linkage.selectors).
rules.add_perm("linkage.review", is_front_door)

# --- Front door: known children, break-glass, restricted records (issue 10) ----------------
# "Is this child known to us?" is the front door's first question, so a search by the roles
# that decide contacts (front-door workers and managers) also says that a record they may
# not see matches, without a word of it, and offers break-glass (access.search). Other
# practitioners start from an allocation: their search stays within need to know, so a
# curious insider elsewhere cannot sweep the authority for who is known.
rules.add_perm("child.search_known", is_front_door)
# A team manager or head of service restricts a record in their need to know (a child
# related to a member of staff) and lifts the restriction; once restricted, only the
# managers named on it still see it, so only they can lift it.
rules.add_perm("record.restrict", is_manager & may_see_child)


# --- Front door: the MASH (issue 10, safeguard/front_door) ----------------------------------
# The MASH queue and the contact page are `contact.decide` (front-door workers and managers).
# A contact waiting at the front door is found through the team it waits at, so a contact not
# yet matched to a child is still worked; the decision itself is about the matched child and
# needs `contact.decide` on that child. The RAG rating is a management judgement: only a
# manager of the front door team the contact waits at (its team manager, or the head of
# service over it) rates or re-rates it. Duck-typed on the contact's `team_id`, so this module
# imports no case model.
@rules.predicate
def manages_contact_team(user: AnyUser, contact: Any) -> bool:
    if contact is None:
        return True
    from .queries import team_ids_overseen

    return contact.team_id is not None and contact.team_id in team_ids_overseen(user)


rules.add_perm("contact.rate", is_manager & manages_contact_team)
# Recording a phone call, email or visit as a contact is the front door's intake.
rules.add_perm("contact.record", is_front_door)


# --- Front door: professional referrals (issue 10) ------------------------------------------
# A partner user of an active organisation refers a child through the professional referral
# form, and sees the referrals they and their organisation sent with the outcome they were
# told in fixed words (never case content). Unlike the partner check, any named user of the
# organisation may refer: anyone who works with children may raise a concern.
@rules.predicate
def is_partner_user(user: AnyUser) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if role_of(user) is not None:
        return False
    membership = getattr(user, "partner_membership", None)
    return bool(membership and membership.organisation.is_active)


rules.add_perm("partner.refer", is_partner_user)

# --- Tasks (issue 14, safeguard/tasks) -------------------------------------------------------
# Each person's own list of what needs them, drawn from the record within their need to know:
# the practitioners' work and managers' authorisations, and the alerts sent to auditors and
# managers. Roles that act on no child and are sent no alert (analysts, administrators,
# partners) have no task list.
rules.add_perm("tasks.view", is_practitioner | is_auditor)

# --- Providers register (issue 15, safeguard/providers) --------------------------------------
# Children's homes, fostering agencies and other providers with their Ofsted grades: read by
# practitioners who place children and review placements, and by analysts and managers for
# sufficiency. A provider's page names the children placed there only within the reader's
# need to know (its selector asks access.queries); the rest are counted. Recording an
# inspection, adding a provider and importing Ofsted's file is kept to analysts and managers,
# who keep the authority's data.
rules.add_perm("providers.view", is_practitioner | is_analyst)
rules.add_perm("providers.manage", is_analyst)


# --- Family help (issue 16, safeguard/family_help) ------------------------------------------
# Who may see a family is one filter, `queries.family_help_visible_q` (its lead; the family
# help practitioners and managers of the team with oversight; a partner lead only the open
# families they lead now), asked of the one family here and of every list by family help's
# selectors. Duck-typed on the family's fields, so this module imports nothing of family help.
# Any council practitioner may lead a family, and so may a partner's practitioner: both reach
# the pages, and the filter decides which families. A partner lead signs in with two factors
# like staff (accounts.middleware refuses every protected page without them) and sees family
# help's data only: they hold no role, so no rule above opens a child's record to them.
@rules.predicate
def may_see_family(user: AnyUser, family_help: Any) -> bool:
    return family_help is None or can_see_family(user, family_help)


rules.add_perm("family_help.view", (is_practitioner | is_partner_user) & may_see_family)
# Recording the family's help (later slices): its lead and the team's practitioners and
# managers, not the roles that read a family without working with it (the front door, a
# conference chair).
is_family_help_worker = _has_role(
    Role.FAMILY_HELP_PRACTITIONER, Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, *MANAGER_ROLES
)
rules.add_perm("family_help.record", (is_family_help_worker | is_partner_user) & may_see_family)
# Starting a family's help from a child's record (slice 3): about the child, not a family, so
# the child's need to know applies; council staff only (a partner starts help another way and
# never sees the child's record).
rules.add_perm("family_help.start", is_family_help_worker & may_see_child)


# --- Workforce record (issue 17, safeguard/workforce; docs/decisions/0013) ------------------
# Employee data, not case content: birth dates, absence reasons and leaving reasons are for
# the managers who manage the people, never for colleagues. A manager sees and records the
# workforce of the teams they manage (a team manager their team, a head of service their
# service's teams); a performance analyst sees the whole authority's, to report it, and
# records nothing. The object is a team (duck-typed: `pk`, `authority_id`); asked without
# one (a role check before anything is loaded) it passes, and the selector applies it.
is_performance_analyst = _has_role(Role.PERFORMANCE_ANALYST)


@rules.predicate
def oversees_team_workforce(user: AnyUser, team: Any) -> bool:
    if team is None:
        return True
    from .queries import team_ids_overseen

    return role_of(user) in MANAGER_ROLES and team.pk in team_ids_overseen(user)


@rules.predicate
def analyses_team_workforce(user: AnyUser, team: Any) -> bool:
    if team is None:
        return True
    from .roles import worker_of

    worker = worker_of(user)
    return worker is not None and worker.authority_id == team.authority_id


rules.add_perm(
    "workforce.view",
    (is_manager & oversees_team_workforce) | (is_performance_analyst & analyses_team_workforce),
)
rules.add_perm("workforce.manage", is_manager & oversees_team_workforce)

# --- Improvement plan (issue 17, safeguard/improvement; docs/decisions/0015) ----------------
# The authority's plan holds no child's details (a case audit given as evidence shows its
# grade and date only), so it is read by those who lead and hold practice to account: team
# managers and heads of service, performance analysts, and auditors. It is kept (sources,
# recommendations, status, evidence) by heads of service, who own the plan before the board,
# and performance analysts, who keep its data; a team manager owns recommendations and
# reports progress to them, and an auditor stays independent of what they audit.
rules.add_perm("improvement.view", is_analyst | is_auditor)
rules.add_perm("improvement.manage", _has_role(Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST))

# --- Supervision (issue 17, safeguard/supervision) -------------------------------------------
# Case supervision is management oversight of a child's case, on the child's record: recorded
# by the case holder's team manager, a senior practitioner or the head of service, within
# their need to know for the child (supervision.rules says which of them fits the case).
# Personal supervision is about the worker, not a child: recorded by the worker's line manager
# (a manager of a team the worker works in), read by the worker and their managers only. Duck-
# typed on the worker's `pk` and `team_id`, so this module imports nothing of supervision.
is_case_supervisor = _has_role(Role.SENIOR_PRACTITIONER, *MANAGER_ROLES)


@rules.predicate
def manages_worker(user: AnyUser, worker: Any) -> bool:
    if worker is None:
        return True
    from .queries import team_ids_overseen

    me = worker_of(user)
    return (
        me is not None
        and me.pk != worker.pk
        and worker.team_id is not None
        and worker.team_id in team_ids_overseen(user)
    )


@rules.predicate
def is_the_worker(user: AnyUser, worker: Any) -> bool:
    # Asked without a worker (a view's role check) it passes; the selector then asks it.
    me = worker_of(user)
    return me is not None and (worker is None or me.pk == worker.pk)


rules.add_perm("supervision.record_case", is_case_supervisor & may_see_child)
rules.add_perm("supervision.record_personal", is_manager & manages_worker)
rules.add_perm(
    "supervision.view_personal",
    (is_practitioner & is_the_worker) | (is_manager & manages_worker),
)


# --- Case audits (issue 17, safeguard/case_audits; docs/decisions/0014) ---------------------
# Quality assurance of practice on a child's case. Auditors and managers conduct audits; only
# an audit's own auditor changes it (grades, actions, completion). Who may see an audit is one
# filter, `case_audits.selectors.case_audits_visible_q` (auditors all of their authority's,
# managers their teams' and their own, a worker those of their practice; a restricted record's
# only its named people): these rules check the role, and the selector 404s the rest. Only
# the audited worker responds; an action is closed by its owner or the auditor. Results by
# theme are counts without a child, for auditors, managers and analysts. Duck-typed on the
# audit's `auditor_id` and `worker_id` and the action's `owner_id` and `audit`.
def _worker_id_of(user: AnyUser) -> int | None:
    from .roles import worker_of

    me = worker_of(user)
    return me.pk if me is not None else None


@rules.predicate
def conducts_case_audit(user: AnyUser, audit: Any) -> bool:
    return audit is None or _worker_id_of(user) == audit.auditor_id


@rules.predicate
def is_audited_worker(user: AnyUser, audit: Any) -> bool:
    return audit is None or _worker_id_of(user) == audit.worker_id


@rules.predicate
def closes_case_audit_action(user: AnyUser, action: Any) -> bool:
    if action is None:
        return True
    return _worker_id_of(user) in (action.owner_id, action.audit.auditor_id)


rules.add_perm("case_audit.conduct", (is_auditor | is_manager) & conducts_case_audit)
rules.add_perm("case_audit.view", is_auditor | is_case_holder)
rules.add_perm("case_audit.respond", is_case_holder & is_audited_worker)
rules.add_perm("case_audit.action_done", (is_practitioner | is_auditor) & closes_case_audit_action)
rules.add_perm("case_audit.results", is_auditor | is_analyst)

# --- Benchmarks (issue 17, safeguard/benchmarks; docs/benchmarks.md) -------------------------
# Published statistics, no case content: whoever may see the performance pages sees England's
# and the neighbours' figures beside them. The authority's choice of statistical neighbours is
# made by those who report its performance: performance analysts and heads of service.
rules.add_perm("benchmarks.view", is_analyst)
rules.add_perm(
    "benchmarks.choose_neighbours", _has_role(Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST)
)

PERMISSIONS = sorted(
    name for name in rules.permissions.permissions if "." in name and not name.startswith("_")
)
