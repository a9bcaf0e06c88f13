"""Fixtures shared by every app's tests."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from safeguard.common.inflight import wait_until_idle
from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.models import CalendarDay
from safeguard.timescales.services import calendar_refresh


@pytest.fixture(autouse=True)
def _live_server_idle(request):
    """A test on the live server waits, before its database is emptied, for the requests its
    browser left running (safeguard/common/inflight.py says why). The database fixture is asked
    for here so that it is torn down after this wait, not before."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    assert wait_until_idle(), "the live server was still answering requests 10 s after the test"


@pytest.fixture(autouse=True)
def _audit_own_chain_forgotten():
    """Each test starts with no audit chain of its own (PostgreSQL appends on a thread's own
    chain in one statement, audit/services.py): the head this thread wrote in the test before
    was rolled back with it, so its first append takes the usual way, as on SQLite."""
    from safeguard.audit.services import own_chain_forget

    own_chain_forget()


@pytest.fixture
def calendar(db):
    """The calendar table as the data migration leaves it.

    Refilled only if something emptied it: a ``transaction=True`` test elsewhere
    flushes every table, migration data included.
    """
    expected = (CALENDAR_LAST_DAY - CALENDAR_FIRST_DAY + timedelta(days=1)).days
    if CalendarDay.objects.count() != expected:
        calendar_refresh()
    return CalendarDay.objects


@dataclass
class Personas:
    """The fixed people every access test uses (STYLE.md: a social worker, their manager, a
    worker from another team who must be refused, an auditor, ...) and children that sit
    inside and outside their need to know."""

    authority: Any
    team: Any
    other_team: Any
    front_door: Any
    social_worker: Any
    team_manager: Any
    other_worker: Any
    head_of_service: Any
    front_door_worker: Any
    conference_chair: Any
    auditor: Any
    analyst: Any
    system_administrator: Any
    # A user at a partner agency (a school's safeguarding lead): no worker record, so no
    # social-care role; the multi-agency hub gives them what partners may do.
    partner_user: Any
    # A Django superuser (and staff) with no worker record: no role, so no rule lets them in.
    superuser: Any
    own_child: Any
    team_child: Any
    other_child: Any
    restricted_child: Any

    @property
    def users(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in (
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
            )
        }


@pytest.fixture
def personas(db, django_user_model) -> Personas:
    from safeguard.access.models import RestrictedRecord
    from safeguard.cases.models import Allocation
    from safeguard.organisation.models import Authority, Service, Team, Worker
    from safeguard.people.models import Person

    authority = Authority.objects.create(name="Personashire", la_code="997", child_population=1)
    service = Service.objects.create(authority=authority, name="Safeguarding")
    team = Team.objects.create(
        authority=authority,
        service=service,
        name="Team A",
        kind=Team.Kind.CHILD_PROTECTION,
        phone="0100 000 0001",
    )
    other_team = Team.objects.create(
        authority=authority, name="Team B", kind=Team.Kind.CHILD_PROTECTION
    )
    front_door = Team.objects.create(
        authority=authority, name="Front door", kind=Team.Kind.FRONT_DOOR
    )
    started = date(2020, 1, 6)

    def person(username: str, role: str, team_: Any) -> Any:
        user = django_user_model.objects.create_user(username=username, password="p" * 16)
        Worker.objects.create(
            authority=authority,
            user=user,
            first_name=username.title(),
            last_name="Persona",
            role=role,
            team=team_,
            started_on=started,
        )
        return user

    R = Worker.Role
    users = {
        "social_worker": person("sw", R.SOCIAL_WORKER, team),
        "team_manager": person("tm", R.TEAM_MANAGER, team),
        "other_worker": person("other", R.SOCIAL_WORKER, other_team),
        "head_of_service": person("hos", R.HEAD_OF_SERVICE, None),
        "front_door_worker": person("mash", R.FRONT_DOOR_WORKER, front_door),
        "conference_chair": person("chair", R.CONFERENCE_CHAIR, None),
        "auditor": person("auditor", R.AUDITOR, None),
        "analyst": person("analyst", R.PERFORMANCE_ANALYST, None),
        "system_administrator": person("admin", R.SYSTEM_ADMINISTRATOR, None),
    }
    # The administrator holds the superuser flag as the demo's does; it must change nothing.
    users["system_administrator"].is_superuser = users["system_administrator"].is_staff = True
    users["system_administrator"].save(update_fields=["is_superuser", "is_staff"])
    users["superuser"] = django_user_model.objects.create_superuser(
        username="root", password="p" * 16
    )
    users["partner_user"] = django_user_model.objects.create_user(
        username="partner", password="p" * 16
    )
    from safeguard.agencies.models import PartnerOrganisation, PartnerUser

    PartnerUser.objects.create(
        user=users["partner_user"],
        organisation=PartnerOrganisation.objects.create(
            authority=authority, name="Personas Primary School", kind="school"
        ),
        may_check=True,
    )
    team.manager = users["team_manager"].worker
    team.save()
    service.head = users["head_of_service"].worker
    service.save()

    def child(name: str, team_: Any, worker: Any) -> Any:
        c = Person.objects.create(
            first_name=name,
            last_name="Child",
            la_child_id=f"P{name}",
            date_of_birth=date(2016, 3, 1),
        )
        Allocation.objects.create(child=c, team=team_, worker=worker, start_date=started)
        return c

    own_child = child("Own", team, users["social_worker"].worker)
    restricted_child = child("Restricted", team, users["social_worker"].worker)
    restriction = RestrictedRecord.objects.create(child=restricted_child, reason="Staff member")
    restriction.named_users.add(users["team_manager"])
    return Personas(
        authority=authority,
        team=team,
        other_team=other_team,
        front_door=front_door,
        own_child=own_child,
        team_child=child("Team", team, None),
        other_child=child("Other", other_team, users["other_worker"].worker),
        restricted_child=restricted_child,
        **users,
    )


@pytest.fixture
def sign_in(client):
    """Sign a user in as the two-factor flow would, and return the client."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def _sign_in(user: Any) -> Any:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _sign_in
