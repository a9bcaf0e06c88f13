"""Changes to the authority's organisation: its services, teams and workers.

A worker's role and team, the manager of a team and the head of a service decide whose
records a person may open (`access.queries.team_ids_overseen`), so every change goes through
one function here: it refuses an administrator's change to their own access (and audits the
refusal), saves the change with an audit entry naming each field changed, and alerts the
auditors when anyone's access changed. A worker who has left has their account disabled.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.access.alerts import alert_auditors
from safeguard.accounts.changes import field_changes
from safeguard.accounts.services import account_disable, own_access_change_refuse
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser

from .models import Authority, Service, Team, Worker

ROLE_CHANGED = "role_changed"
LEFT_REASON = "Left on {left_on:%d %B %Y}"

# Fields of one's own worker record that decide one's access: never changed by oneself.
WORKER_ACCESS_FIELDS = frozenset({"role", "team", "user", "authority", "left_on"})
# Changes the auditors are alerted to: who holds which role where.
WORKER_ALERT_FIELDS = frozenset({"role", "team", "user"})
# Written to the audit trail only as "changed".
WORKER_PERSONAL_FIELDS = ("first_name", "last_name", "registration_number")
TEAM_PERSONAL_FIELDS = ("phone", "email")

M = TypeVar("M", bound=models.Model)


def _actor_pk(actor: AnyUser | None) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _actor_label(actor: AnyUser | None) -> str:
    return actor.get_username() if actor is not None and actor.is_authenticated else "The system"


def _values(instance: models.Model) -> dict[str, Any]:
    """Every editable field of a new row, as a change from nothing."""
    return {
        f.name: getattr(instance, f.name)
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key
    }


def _save(
    instance: M,
    changes: Mapping[str, Any] | None,
    *,
    actor: AnyUser | None,
    request: HttpRequest | None,
    undisclosed: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Apply `changes` (None: create `instance`), validate, save and audit; the fields
    changed, as the audit entry names them. Call inside a transaction."""
    creating = changes is None
    if changes is None:
        fields = field_changes(None, _values(instance), undisclosed=undisclosed)
        instance.full_clean()
        instance.save()
    else:
        before = type(instance)._default_manager.get(pk=instance.pk)
        fields = field_changes(before, changes, undisclosed=undisclosed)
        if not fields:
            return fields
        for field in fields:
            setattr(instance, field, changes[field])
        instance.full_clean()
        instance.save(update_fields=[*fields, *_auto_now(instance)])
    audit_record(
        action=Action.CREATE if creating else Action.UPDATE,
        actor=actor,
        request=request,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        details={"fields": fields},
    )
    return fields


def _auto_now(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]


# --- Workers ----------------------------------------------------------------------------------


def worker_change_check(
    *,
    actor: AnyUser | None,
    worker: Worker | None,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> None:
    """Refuse (and audit) a change to the actor's own role, team, authority, leaving date or
    account link, or linking a worker record to the actor's account: an administrator cannot
    make themselves a team manager, or anything else."""
    me = _actor_pk(actor)
    if me is None:
        return
    own_record = worker is not None and worker.pk is not None and worker.user_id == me
    new_user = changes.get("user")
    becomes_own = "user" in changes and getattr(new_user, "pk", new_user) == me
    touched = WORKER_ACCESS_FIELDS.intersection(changes)
    if (own_record and touched) or becomes_own:
        own_access_change_refuse(
            actor=actor,
            what="your own role, team or worker record",
            object_type="organisation.worker",
            object_id=worker.pk if worker is not None and worker.pk else "",
            fields=touched,
            request=request,
        )


def _role_label(role: str | None) -> str:
    return str(Worker.Role(role).label) if role else "none"


def _team_label(team_id: int | None) -> str:
    if team_id is None:
        return "no team"
    return Team.objects.filter(pk=team_id).values_list("name", flat=True).first() or "no team"


def _alert_role_changed(
    *, actor: AnyUser | None, worker: Worker, fields: Mapping[str, Any]
) -> None:
    account = worker.user.get_username() if worker.user is not None else "no account"
    parts = []
    for field in ("role", "team", "user"):
        if field not in fields:
            continue
        change = fields[field]
        if field == "role":
            parts.append(f"role {_role_label(change['from'])} to {_role_label(change['to'])}")
        elif field == "team":
            parts.append(f"team {_team_label(change['from'])} to {_team_label(change['to'])}")
        else:
            parts.append("the account linked to the worker record")
    alert_auditors(
        kind=ROLE_CHANGED,
        message=(
            f"{_actor_label(actor)} changed the access of {worker.full_name} "
            f"(account {account}): {'; '.join(parts)}. Review it in the audit trail."
        ),
    )


def _leaver_disable(*, worker: Worker, actor: AnyUser | None, request: HttpRequest | None) -> None:
    if worker.left_on is not None and worker.left_on <= timezone.localdate() and worker.user:
        account_disable(
            user=worker.user,
            disabled_by=actor,
            request=request,
            reason=LEFT_REASON.format(left_on=worker.left_on),
        )


def worker_create(
    *, worker: Worker, actor: AnyUser | None, request: HttpRequest | None = None
) -> Worker:
    """Add a member of staff (an unsaved `worker`). Giving an account a role alerts the
    auditors."""
    worker_change_check(actor=actor, worker=None, changes=_values(worker), request=request)
    with transaction.atomic():
        fields = _save(
            worker, None, actor=actor, request=request, undisclosed=WORKER_PERSONAL_FIELDS
        )
        if worker.user_id is not None:
            _alert_role_changed(
                actor=actor,
                worker=worker,
                fields={k: v for k, v in fields.items() if k in WORKER_ALERT_FIELDS},
            )
        _leaver_disable(worker=worker, actor=actor, request=request)
    return worker


def worker_update(
    *,
    worker: Worker,
    changes: Mapping[str, Any],
    actor: AnyUser | None,
    request: HttpRequest | None = None,
) -> Worker:
    """Change a worker's record. A change of role, team or account alerts the auditors; a
    leaving date of today or earlier disables their account (later ones: `disable_leavers`)."""
    worker_change_check(actor=actor, worker=worker, changes=changes, request=request)
    with transaction.atomic():
        fields = _save(
            worker, changes, actor=actor, request=request, undisclosed=WORKER_PERSONAL_FIELDS
        )
        alerted = {k: v for k, v in fields.items() if k in WORKER_ALERT_FIELDS}
        if alerted:
            _alert_role_changed(actor=actor, worker=worker, fields=alerted)
        if "left_on" in fields:
            _leaver_disable(worker=worker, actor=actor, request=request)
    return worker


def leavers_disable(*, today: date | None = None) -> int:
    """Disable the account of every worker whose leaving date has come; returns how many.
    Run nightly (`disable_leavers`): a leaving date set in advance takes effect on the day.
    Idempotent: an account already disabled is left alone."""
    today = today or timezone.localdate()
    leavers = Worker.objects.select_related("user").filter(
        left_on__lte=today, user__isnull=False, user__is_active=True
    )
    disabled = 0
    for worker in leavers:
        assert worker.left_on is not None and worker.user is not None
        account_disable(
            user=worker.user,
            disabled_by=None,
            reason=LEFT_REASON.format(left_on=worker.left_on),
        )
        disabled += 1
    return disabled


# --- Teams and services -----------------------------------------------------------------------


def _worker_user_pk(worker: Worker | int | None) -> int | None:
    if worker is None:
        return None
    if not isinstance(worker, Worker):
        worker = Worker.objects.filter(pk=worker).first()
    return worker.user_id if worker is not None else None


def team_change_check(
    *,
    actor: AnyUser | None,
    team: Team | None,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> None:
    """Refuse (and audit) making oneself a team's manager, or moving a team into a service one
    heads: either would open that team's children to the actor."""
    me = _actor_pk(actor)
    if me is None:
        return
    refused = []
    if "manager" in changes and _worker_user_pk(changes["manager"]) == me:
        refused.append("manager")
    service = changes.get("service")
    if "service" in changes and service is not None:
        head = service.head if isinstance(service, Service) else None
        if head is not None and head.user_id == me:
            refused.append("service")
    if refused:
        own_access_change_refuse(
            actor=actor,
            what="a team's manager or service to yourself",
            object_type="organisation.team",
            object_id=team.pk if team is not None and team.pk else "",
            fields=refused,
            request=request,
        )


def _alert_oversight_changed(
    *, actor: AnyUser | None, what: str, fields: Mapping[str, Any]
) -> None:
    named = " and ".join(sorted(fields))
    alert_auditors(
        kind=ROLE_CHANGED,
        message=(
            f"{_actor_label(actor)} changed the {named} of {what}, which changes who may "
            "see its children's records. Review it in the audit trail."
        ),
    )


def team_create(*, team: Team, actor: AnyUser | None, request: HttpRequest | None = None) -> Team:
    team_change_check(actor=actor, team=None, changes=_values(team), request=request)
    with transaction.atomic():
        fields = _save(team, None, actor=actor, request=request, undisclosed=TEAM_PERSONAL_FIELDS)
        oversight = {k: v for k, v in fields.items() if k in ("manager", "service")}
        if oversight:
            _alert_oversight_changed(
                actor=actor, what=f"the new team {team.name}", fields=oversight
            )
    return team


def team_update(
    *,
    team: Team,
    changes: Mapping[str, Any],
    actor: AnyUser | None,
    request: HttpRequest | None = None,
) -> Team:
    """Change a team. A new manager, or a move to another service (another head of service),
    alerts the auditors."""
    team_change_check(actor=actor, team=team, changes=changes, request=request)
    with transaction.atomic():
        fields = _save(
            team, changes, actor=actor, request=request, undisclosed=TEAM_PERSONAL_FIELDS
        )
        oversight = {k: v for k, v in fields.items() if k in ("manager", "service")}
        if oversight:
            _alert_oversight_changed(actor=actor, what=f"team {team.name}", fields=oversight)
    return team


def service_change_check(
    *,
    actor: AnyUser | None,
    service: Service | None,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> None:
    """Refuse (and audit) making oneself the head of a service."""
    me = _actor_pk(actor)
    if me is not None and "head" in changes and _worker_user_pk(changes["head"]) == me:
        own_access_change_refuse(
            actor=actor,
            what="a service's head to yourself",
            object_type="organisation.service",
            object_id=service.pk if service is not None and service.pk else "",
            fields=("head",),
            request=request,
        )


def service_create(
    *, service: Service, actor: AnyUser | None, request: HttpRequest | None = None
) -> Service:
    service_change_check(actor=actor, service=None, changes=_values(service), request=request)
    with transaction.atomic():
        fields = _save(service, None, actor=actor, request=request)
        if "head" in fields:
            _alert_oversight_changed(
                actor=actor, what=f"the new service {service.name}", fields={"head": 1}
            )
    return service


def service_update(
    *,
    service: Service,
    changes: Mapping[str, Any],
    actor: AnyUser | None,
    request: HttpRequest | None = None,
) -> Service:
    """Change a service. A new head of service alerts the auditors."""
    service_change_check(actor=actor, service=service, changes=changes, request=request)
    with transaction.atomic():
        fields = _save(service, changes, actor=actor, request=request)
        if "head" in fields:
            _alert_oversight_changed(
                actor=actor, what=f"service {service.name}", fields={"head": fields["head"]}
            )
    return service


# --- The authority ----------------------------------------------------------------------------


def authority_create(
    *, authority: Authority, actor: AnyUser | None, request: HttpRequest | None = None
) -> Authority:
    with transaction.atomic():
        _save(authority, None, actor=actor, request=request)
    return authority


def authority_update(
    *,
    authority: Authority,
    changes: Mapping[str, Any],
    actor: AnyUser | None,
    request: HttpRequest | None = None,
) -> Authority:
    """Change the authority's name, codes or local-practice clocks (audited)."""
    with transaction.atomic():
        _save(authority, changes, actor=actor, request=request)
    return authority
