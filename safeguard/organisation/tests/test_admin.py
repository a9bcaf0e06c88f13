"""The organisation pages of the admin: an administrator's self-promotion is refused and
audited, and gets them nothing; a change to someone else's role is saved by the service."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from safeguard.access.models import Alert
from safeguard.audit.models import AuditEntry
from safeguard.organisation.models import Team, Worker

pytestmark = pytest.mark.django_db


def _form(instance, **changes):
    data = {k: v for k, v in model_to_dict(instance).items() if v is not None}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def admin_client(personas, sign_in):
    return sign_in(personas.system_administrator)


def test_an_administrators_self_promotion_to_manager_of_another_team_is_refused(
    personas, admin_client
):
    admin = personas.system_administrator
    worker = admin.worker
    response = admin_client.post(
        reverse("admin:organisation_worker_change", args=[worker.pk]),
        _form(worker, role=Worker.Role.TEAM_MANAGER, team=personas.other_team.pk),
    )
    assert response.status_code == 200
    assert "You cannot change your own role, team or worker record" in response.content.decode()
    worker.refresh_from_db()
    assert (worker.role, worker.team_id) == (Worker.Role.SYSTEM_ADMINISTRATOR, None)
    refusal = AuditEntry.objects.get(action="refused")
    assert (refusal.actor_id, refusal.object_type, refusal.object_id) == (
        admin.pk,
        "organisation.worker",
        str(worker.pk),
    )
    assert refusal.details == {"refused": "own access", "fields": ["role", "team"]}

    # Nor through the team's page.
    team = personas.other_team
    response = admin_client.post(
        reverse("admin:organisation_team_change", args=[team.pk]), _form(team, manager=worker.pk)
    )
    assert response.status_code == 200
    assert Team.objects.get(pk=team.pk).manager is None
    assert AuditEntry.objects.filter(action="refused").count() == 2
    assert not AuditEntry.objects.filter(action="update").exists()
    assert not Alert.objects.exists()

    # And that team's children stay closed to them.
    child = personas.other_child
    assert admin_client.get(f"/children/{child.pk}").status_code in (403, 404)
    assert admin_client.get(reverse("admin:people_person_change", args=[child.pk])).status_code in (
        302,
        403,
        404,
    )


def test_a_change_to_someone_elses_role_in_the_admin_is_audited_and_alerted(personas, admin_client):
    worker = personas.other_worker.worker
    response = admin_client.post(
        reverse("admin:organisation_worker_change", args=[worker.pk]),
        _form(worker, role=Worker.Role.TEAM_MANAGER),
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.role == Worker.Role.TEAM_MANAGER
    entry = AuditEntry.objects.get(action="update", object_type="organisation.worker")
    assert entry.details == {"fields": {"role": {"from": "social_worker", "to": "team_manager"}}}
    alert = Alert.objects.get(kind="role_changed")
    assert alert.recipient == personas.auditor
    assert "role Social worker to Team manager" in alert.message


def test_a_worker_added_in_the_admin_is_made_by_the_service(personas, admin_client):
    response = admin_client.post(
        reverse("admin:organisation_worker_add"),
        {
            "authority": personas.authority.pk,
            "first_name": "Agency",
            "last_name": "Locum",
            "role": Worker.Role.SOCIAL_WORKER,
            "team": personas.team.pk,
            "full_time_equivalent": "1",
            "is_agency": "on",
            "started_on": "2025-03-03",
        },
    )
    assert response.status_code == 302
    worker = Worker.objects.get(last_name="Locum")
    entry = AuditEntry.objects.get(action="create", object_type="organisation.worker")
    assert entry.object_id == str(worker.pk)
    assert entry.details["fields"]["is_agency"] == {"from": None, "to": True}


def test_nothing_in_the_organisation_is_deleted_from_the_admin(personas, admin_client):
    worker = personas.other_worker.worker
    response = admin_client.post(
        reverse("admin:organisation_worker_delete", args=[worker.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Worker.objects.filter(pk=worker.pk).exists()


def test_the_same_promotion_made_by_another_administrator_is_saved_and_opens_the_team(
    personas, sign_in, django_user_model, client
):
    """The control for the refusal above: made by someone else, the change is allowed,
    audited and alerted, and it is what would have opened the other team's children."""
    colleague = django_user_model.objects.create_user(username="admin2", is_staff=True)
    Worker.objects.create(
        authority=personas.authority,
        user=colleague,
        first_name="Second",
        last_name="Administrator",
        role=Worker.Role.SYSTEM_ADMINISTRATOR,
        started_on="2020-01-06",
    )
    worker = personas.system_administrator.worker
    response = sign_in(colleague).post(
        reverse("admin:organisation_worker_change", args=[worker.pk]),
        _form(worker, role=Worker.Role.TEAM_MANAGER, team=personas.other_team.pk),
    )
    assert response.status_code == 302
    assert "admin2 changed the access of Admin Persona" in Alert.objects.get().message
    client.logout()
    promoted = sign_in(personas.system_administrator)
    assert promoted.get(f"/children/{personas.other_child.pk}").status_code == 200
