"""Fixtures shared by every app's tests, and how `make test` shares the test files between
its two workers."""

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from safeguard.common.inflight import wait_until_idle
from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.models import CalendarDay
from safeguard.timescales.services import calendar_refresh

# --- Sharing the files between xdist workers (`make test`: -n 2 --dist loadfile) ------------
#
# xdist gives each worker whole files, those with the most tests first. Two things made that
# slow here, both mended by the scheduler below:
# - modules marked `xdist_group` share something costly set up once per worker (the demo's
#   shared authority, safeguard/demo/tests/conftest.py): sent to one worker as one unit, they
#   run one after another and it is set up once, not again after each other file between them;
# - a few files take far longer than their number of tests says (a browser, Spark, a generated
#   authority): sent last, one ran for minutes after the other worker had finished. Units go
#   out by an estimate of their time, longest first.
# The controller collects nothing, so each worker writes what it collected (the groups and
# estimates) to a folder the controller gave it; every worker collects the same tests.

# Rough seconds on a 2-core CI machine; only their order matters.
_ESTIMATE_PER_TEST = 0.2
_ESTIMATE_BROWSER_TEST = 8.0
_ESTIMATE_SPARK_MODULE = 150.0
_ESTIMATE_GENERATED_AUTHORITY = 40.0
_SCHEDULING_FOLDER = "safeguard_scheduling_folder"
_SCHEDULING_FOLDER_KEY = pytest.StashKey[str]()


def _module_estimates(items: list[pytest.Item]) -> tuple[dict[str, float], dict[str, str]]:
    estimates: dict[str, float] = {}
    groups: dict[str, str] = {}
    started: set[tuple[str, str]] = set()  # (unit, what): a cost paid once per unit
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        group = item.get_closest_marker("xdist_group")
        if group is not None:
            groups[module] = str(group.args[0] if group.args else group.kwargs["name"])
        unit = groups.get(module, module)
        seconds = _ESTIMATE_PER_TEST
        fixtures = getattr(item, "fixturenames", ())
        if "live_server" in fixtures:
            seconds = _ESTIMATE_BROWSER_TEST
        if item.get_closest_marker("spark") and (unit, "spark") not in started:
            started.add((unit, "spark"))
            seconds += _ESTIMATE_SPARK_MODULE
        if "northbridge" in fixtures and (unit, "authority") not in started:
            started.add((unit, "authority"))
            seconds += _ESTIMATE_GENERATED_AUTHORITY
        estimates[module] = estimates.get(module, 0.0) + seconds
    return estimates, groups


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None or _SCHEDULING_FOLDER not in workerinput:
        return
    estimates, groups = _module_estimates(items)
    folder = Path(workerinput[_SCHEDULING_FOLDER])
    part = folder / f"{workerinput['workerid']}.part"
    part.write_text(json.dumps({"estimates": estimates, "groups": groups}))
    part.rename(folder / f"{workerinput['workerid']}.json")


def _scheduling_folder(config: pytest.Config) -> str:
    if _SCHEDULING_FOLDER_KEY not in config.stash:
        folder = tempfile.mkdtemp(prefix="safeguard-xdist-")
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        config.stash[_SCHEDULING_FOLDER_KEY] = folder
    return config.stash[_SCHEDULING_FOLDER_KEY]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    if node.config.getvalue("dist") == "loadfile":
        node.workerinput[_SCHEDULING_FOLDER] = _scheduling_folder(node.config)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LongestFirstByFile(LoadFileScheduling):
        """--dist loadfile, with each `xdist_group`'s modules one unit, the longest first."""

        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            self.groups: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return self.groups.get(module, module)

        def schedule(self) -> None:
            if self.collection is not None or not self._check_nodes_have_same_collection():
                super().schedule()  # later calls, or xdist's own report of the mismatch
                return
            estimates, self.groups = self._collected()
            units: dict[str, dict[str, bool]] = {}
            for nodeid in next(iter(self.registered_collections.values())):
                units.setdefault(self._split_scope(nodeid), {})[nodeid] = False

            def estimate(scope: str) -> float:
                modules = {nodeid.split("::", 1)[0] for nodeid in units[scope]}
                return sum(estimates.get(m, _ESTIMATE_PER_TEST) for m in modules)

            # As xdist's own first schedule(), but in this order.
            self.collection = list(next(iter(self.registered_collections.values())))
            for scope in sorted(units, key=estimate, reverse=True):
                self.workqueue[scope] = units[scope]
            for _ in range(len(self.nodes) - len(self.workqueue)):
                unused, _assigned = self.assigned_work.popitem()
                unused.shutdown()
            for node in self.nodes:
                if self.workqueue:
                    self._assign_work_unit(node)
            for node in self.nodes:
                self._reschedule(node)

        def _collected(self) -> tuple[dict[str, float], dict[str, str]]:
            written = sorted(Path(_scheduling_folder(config)).glob("*.json"))
            if not written:
                return {}, {}
            data = json.loads(written[0].read_text())
            return data["estimates"], data["groups"]

    return LongestFirstByFile(config, log)


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
    # Family help (issue 16): the council's family help team, a family help practitioner in
    # it, and a health visitor who leads families as a partner (docs/family-help.md). Not in
    # `users`, which every app's role tables walk: `all_users` adds them.
    family_help_team: Any
    fhp: Any
    partner_lead: Any
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

    @property
    def all_users(self) -> dict[str, Any]:
        """`users` and the family help personas: the access matrix and the landing table."""
        return {**self.users, "fhp": self.fhp, "partner_lead": self.partner_lead}


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
    # No service and no manager: the personas' managers oversee no family help team, so
    # family help changes nothing they see elsewhere (family_help/tests cover managers).
    family_help_team = Team.objects.create(
        authority=authority, name="Family help", kind=Team.Kind.FAMILY_HELP
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
        "fhp": person("fhp", R.FAMILY_HELP_PRACTITIONER, family_help_team),
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
    # A health visitor who may lead families' help; not named for the partner check.
    users["partner_lead"] = django_user_model.objects.create_user(
        username="partnerlead", password="p" * 16
    )
    PartnerUser.objects.create(
        user=users["partner_lead"],
        organisation=PartnerOrganisation.objects.create(
            authority=authority, name="Personas Health Visiting", kind="health_visiting"
        ),
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
        family_help_team=family_help_team,
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
