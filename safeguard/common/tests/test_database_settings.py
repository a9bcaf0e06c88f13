"""The database settings read from the environment (config/settings/base.py)."""

from __future__ import annotations

import pytest

from config.settings.base import _database_from_env

POSTGRES = "postgres://safeguard@db.internal:5432/safeguard"


def test_postgresql_keeps_the_pages_statements_prepared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    monkeypatch.delenv("DATABASE_PREPARE", raising=False)
    options = _database_from_env()["OPTIONS"]
    assert isinstance(options, dict)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    monkeypatch.setenv("DATABASE_PREPARE", "false")
    options = _database_from_env()["OPTIONS"]
    assert isinstance(options, dict)
    assert "server_side_binding" not in options and "prepare_threshold" not in options
