"""The session store reads a session's row as Django's database store does (accounts/
sessions.py): the same data, nothing once it has expired or for an unknown key."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from safeguard.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data: object) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    assert session.session_key is not None
    return session.session_key


def test_a_saved_session_reads_back_as_djangos_store_reads_it():
    key = _saved(answer=42, names=["Ada", "Lin"])

    ours, django = SessionStore(key), DjangoSessionStore(key)

    assert dict(ours.items()) == dict(django.items()) == {"answer": 42, "names": ["Ada", "Lin"]}
    assert ours.session_key == key


def test_an_expired_session_is_not_read_and_loses_its_key():
    key = _saved(answer=42)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    session = SessionStore(key)

    assert dict(session.items()) == {}
    assert session.session_key is None


def test_an_unknown_key_reads_nothing_and_a_write_makes_a_new_session():
    session = SessionStore("k" * 32)

    assert dict(session.items()) == {}
    session["answer"] = 1
    session.save()

    assert session.session_key not in (None, "k" * 32)
    assert SessionStore(session.session_key)["answer"] == 1


def test_each_request_reads_afresh_what_another_request_wrote():
    key = _saved(answer=1)
    assert SessionStore(key)["answer"] == 1
    other = SessionStore(key)
    other["answer"] = 2
    other.save()

    assert SessionStore(key)["answer"] == 2
