"""What the demo's tests share: one generated authority for the modules that read it, and
signing in as one of the demo's accounts.

The shared authority (scale 0.01, seed 5, as of Friday 14 November 2025) is generated inside
a transaction on a worker's first test that asks for `northbridge`, and stays while that
worker goes on to tests of modules that share it; it is rolled back before any other test
runs on the worker (another module, another package, or none), so no other test sees it.
Under `make test` (`--dist loadfile`) the sharing modules go to one worker as one unit (the
root conftest.py's scheduler), so it is generated once in the run; without that, a worker that
ran other files between two sharing modules would generate it again for the second. A module
that shares it opens no transaction of its own at module scope (the shared one must be the
innermost when it is rolled back). A module whose assertions need another seed or day defines
its own `northbridge` with `generated_authority`, rolled back at the module's end.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

AS_OF = date(2025, 11, 14)
SEED = 5
SHARING_GROUP = "demo shared authority"


@contextmanager
def generated_authority(django_db_blocker: Any, *, seed: int, as_of: date) -> Iterator[None]:
    """A scale-0.01 demo authority, gone (rolled back) when the block ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "generate_demo", scale="0.01", seed=seed, as_of=as_of.isoformat(),
            demo_password="a-long-demo-password", verbosity=0,
        )  # fmt: skip
        check_constraints_once()
        yield
        transaction.set_rollback(True)


def check_constraints_once() -> None:
    """Check the generated rows' foreign keys now, in the transaction that holds them.

    Each test's teardown checks constraints inside its savepoint; on PostgreSQL the rollback
    of the savepoint sets the generated rows' deferred checks back to pending, so without
    this every test would check the whole authority again (seconds at scale 0.05)."""
    connection.check_constraints()


class SharedAuthority:
    """The shared authority on this worker: generated when first asked for, rolled back
    when the next test is not in a module that shares it."""

    def __init__(self, django_db_blocker: Any) -> None:
        self._django_db_blocker = django_db_blocker
        self._generated: ExitStack | None = None

    def generate(self) -> None:
        if self._generated is None:
            stack = ExitStack()
            stack.enter_context(
                generated_authority(self._django_db_blocker, seed=SEED, as_of=AS_OF)
            )
            self._generated = stack

    def roll_back(self) -> None:
        if self._generated is not None:
            stack, self._generated = self._generated, None
            stack.close()


_SHARED = pytest.StashKey[SharedAuthority]()
_SHARING_MODULES = pytest.StashKey[set[Path]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Every worker collects the whole run, so this is every module that shares it.
    config.stash[_SHARING_MODULES] = {
        item.path for item in items if "shared_authority" in item.fixturenames
    }
    # The modules that share it go to one worker together, one after another, so that it is
    # generated once in the run (the root conftest.py's scheduler).
    for item in items:
        if item.path in config.stash[_SHARING_MODULES]:
            item.add_marker(pytest.mark.xdist_group(SHARING_GROUP))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    # After the test's own teardown (its savepoint, and the module's fixtures at its end).
    try:
        return (yield)
    finally:
        shared = item.config.stash.get(_SHARED, None)
        sharing = item.config.stash.get(_SHARING_MODULES, set())
        if shared is not None and (nextitem is None or nextitem.path not in sharing):
            shared.roll_back()


@pytest.fixture(scope="session")
def shared_authority(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[SharedAuthority]:
    shared = SharedAuthority(django_db_blocker)
    request.config.stash[_SHARED] = shared
    yield shared
    # The run's last test shared it, or the run stopped early: gone before the test databases.
    shared.roll_back()
    del request.config.stash[_SHARED]


@pytest.fixture(scope="module")
def northbridge(shared_authority: SharedAuthority) -> None:
    """The shared authority (seed 5, as of 14 November 2025), there for the module's tests."""
    shared_authority.generate()


@pytest.fixture
def demo_account(client: Client) -> Callable[[str], Client]:
    """Sign in as a demo account, as its two-factor sign-in would."""

    def _sign_in(username: str) -> Client:
        device = TOTPDevice.objects.filter(user__username=username).select_related("user").first()
        assert device is not None, f"{username} has no two-factor device"
        client.force_login(device.user, backend="safeguard.accounts.backends.AccountBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _sign_in
