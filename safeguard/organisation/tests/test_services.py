"""Changes to workers, teams and services: audited, alerting the auditors when someone's access
changes, refused when an administrator would change their own, and leavers' accounts disabled."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command

from safeguard.access.models import Alert
from safeguard.accounts.services import OwnAccessChangeRefused, session_epoch_of
from safeguard.audit.models import AuditEntry
from safeguard.organisation import services
from safeguard.organisation.models import Service, Team, Worker

pytestmark = pytest.mark.django_db
R = Worker.Role
TODAY = date(2025, 3, 12)


def _audit(action, object_type="organisation.worker"):
    return list(AuditEntry.objects.filter(action=action, object_type=object_type).order_by("pk"))


def test_a_change_of_role_and_team_is_audited_old_and_new(personas):
    worker = personas.social_worker.worker
    services.worker_update(
        worker=worker,
        changes={"role": R.TEAM_MANAGER, "team": personas.other_team},
        actor=personas.system_administrator,
    )
    worker.refresh_from_db()
    assert (worker.role, worker.team) == (R.TEAM_MANAGER, personas.other_team)
    (entry,) = _audit("update")
    assert (entry.actor_id, entry.object_id) == (personas.system_administrator.pk, str(worker.pk))
    assert entry.details == {
        "fields": {
            "role": {"from": "social_worker", "to": "team_manager"},
            "team": {"from": personas.team.pk, "to": personas.other_team.pk},
        }
    }


def test_a_change_of_role_alerts_every_auditor_without_case_content(personas):
    worker = personas.social_worker.worker
    services.worker_update(
        worker=worker, changes={"role": R.SENIOR_PRACTITIONER}, actor=personas.system_administrator
    )
    (alert,) = Alert.objects.all()
    assert (alert.recipient, alert.kind, alert.child) == (personas.auditor, "role_changed", None)
    assert "admin changed the access of Sw Persona (account sw)" in alert.message
    assert "role Social worker to Senior practitioner" in alert.message
    for child in (personas.own_child, personas.restricted_child):
        assert child.first_name not in alert.message


def test_a_change_of_team_alerts_the_auditors(personas):
    services.worker_update(
        worker=personas.social_worker.worker,
        changes={"team": personas.other_team},
        actor=personas.system_administrator,
    )
    assert "team Team A to Team B" in Alert.objects.get(kind="role_changed").message


def test_a_change_of_name_is_audited_without_the_name_and_alerts_no_one(personas):
    services.worker_update(
        worker=personas.social_worker.worker,
        changes={"last_name": "Married"},
        actor=personas.system_administrator,
    )
    (entry,) = _audit("update")
    assert entry.details == {"fields": {"last_name": "changed"}}
    assert "Married" not in json.dumps(entry.details)
    assert not Alert.objects.exists()


def test_a_new_worker_with_an_account_is_audited_and_alerts(personas, django_user_model):
    user = django_user_model.objects.create_user(username="starter")
    worker = services.worker_create(
        worker=Worker(
            authority=personas.authority,
            user=user,
            first_name="New",
            last_name="Starter",
            role=R.SOCIAL_WORKER,
            team=personas.team,
            started_on=TODAY,
        ),
        actor=personas.system_administrator,
    )
    (entry,) = _audit("create")
    assert entry.object_id == str(worker.pk)
    assert entry.details["fields"]["role"] == {"from": None, "to": "social_worker"}
    assert entry.details["fields"]["first_name"] == "changed"
    assert "role none to Social worker" in Alert.objects.get(kind="role_changed").message


# --- No one changes their own access ------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"role": R.TEAM_MANAGER},
        {"team": "other_team"},
        {"left_on": None},
        {"user": None},
    ],
    ids=["role", "team", "left_on", "unlinked"],
)
def test_an_administrator_cannot_change_their_own_worker_record(personas, changes):
    admin = personas.system_administrator
    worker = admin.worker
    changes = {k: personas.other_team if v == "other_team" else v for k, v in changes.items()}
    if "left_on" in changes:
        changes["left_on"] = TODAY
    with pytest.raises(OwnAccessChangeRefused, match="your own role, team or worker record"):
        services.worker_update(worker=worker, changes=changes, actor=admin)
    worker.refresh_from_db()
    assert (worker.role, worker.team, worker.left_on, worker.user) == (
        R.SYSTEM_ADMINISTRATOR,
        None,
        None,
        admin,
    )
    (refusal,) = _audit("refused")
    assert refusal.details == {"refused": "own access", "fields": sorted(changes)}
    assert _audit("update") == []
    assert not Alert.objects.exists()


def test_an_administrator_may_correct_their_own_name(personas):
    admin = personas.system_administrator
    services.worker_update(worker=admin.worker, changes={"first_name": "Alex"}, actor=admin)
    assert Worker.objects.get(user=admin).first_name == "Alex"


def test_an_administrator_cannot_link_someone_elses_worker_record_to_their_account(personas):
    admin = personas.system_administrator
    manager = personas.team_manager.worker
    with pytest.raises(OwnAccessChangeRefused):
        services.worker_update(worker=manager, changes={"user": admin}, actor=admin)
    assert Worker.objects.get(pk=manager.pk).user == personas.team_manager


def test_an_administrator_cannot_make_themselves_a_teams_manager(personas):
    admin = personas.system_administrator
    with pytest.raises(OwnAccessChangeRefused, match="a team's manager or service to yourself"):
        services.team_update(
            team=personas.other_team, changes={"manager": admin.worker}, actor=admin
        )
    assert Team.objects.get(pk=personas.other_team.pk).manager is None
    assert _audit("refused", "organisation.team")


def test_an_administrator_cannot_make_themselves_head_of_a_service(personas):
    admin = personas.system_administrator
    service = Service.objects.get(name="Safeguarding")
    with pytest.raises(OwnAccessChangeRefused):
        services.service_update(service=service, changes={"head": admin.worker}, actor=admin)
    assert Service.objects.get(pk=service.pk).head == personas.head_of_service.worker
    assert _audit("refused", "organisation.service")


def test_a_new_team_manager_alerts_the_auditors(personas):
    services.team_update(
        team=personas.other_team,
        changes={"manager": personas.team_manager.worker},
        actor=personas.system_administrator,
    )
    (entry,) = _audit("update", "organisation.team")
    assert entry.details == {
        "fields": {"manager": {"from": None, "to": personas.team_manager.worker.pk}}
    }
    assert "changed the manager of team Team B" in Alert.objects.get(kind="role_changed").message


def test_a_new_head_of_service_alerts_the_auditors(personas):
    service = Service.objects.get(name="Safeguarding")
    services.service_update(
        service=service,
        changes={"head": personas.team_manager.worker, "name": "Safeguarding East"},
        actor=personas.system_administrator,
    )
    message = Alert.objects.get(kind="role_changed").message
    assert "changed the head of service Safeguarding East" in message


# --- Leavers ------------------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_a_leaving_date_of_today_disables_the_account_at_once(personas):
    user = personas.social_worker
    services.worker_update(
        worker=user.worker, changes={"left_on": TODAY}, actor=personas.system_administrator
    )
    user.refresh_from_db()
    assert not user.is_active
    assert session_epoch_of(user) == 1
    disabled = AuditEntry.objects.get(object_type="auth.user", action="update")
    assert disabled.reason == "Left on 12 March 2025"
    assert disabled.actor_id == personas.system_administrator.pk


@time_machine.travel(TODAY)
def test_a_leaving_date_to_come_leaves_the_account_until_the_day(personas):
    user = personas.social_worker
    services.worker_update(
        worker=user.worker,
        changes={"left_on": TODAY + timedelta(days=7)},
        actor=personas.system_administrator,
    )
    user.refresh_from_db()
    assert user.is_active
    assert services.leavers_disable(today=TODAY + timedelta(days=6)) == 0
    assert services.leavers_disable(today=TODAY + timedelta(days=7)) == 1
    user.refresh_from_db()
    assert not user.is_active


def test_disable_leavers_is_idempotent(personas, capsys):
    Worker.objects.filter(user=personas.analyst).update(left_on=date(2024, 12, 31))
    call_command("disable_leavers", "--date", "2025-01-01")
    call_command("disable_leavers", "--date", "2025-01-01")
    assert capsys.readouterr().out.split() == ["disabled=1", "disabled=0"]
    personas.analyst.refresh_from_db()
    assert not personas.analyst.is_active
    (entry,) = AuditEntry.objects.filter(object_type="auth.user", action="update")
    assert (entry.actor_id, entry.object_id) == (None, str(personas.analyst.pk))


def test_disable_leavers_refuses_a_date_it_cannot_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("disable_leavers", "--date", "31/03/2025")
