"""Application logs never contain case content or names."""

import logging
import logging.config
import sys

import pytest
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.settings import base
from safeguard.cases.models import CaseNote
from safeguard.cases.selectors import child_record_get
from safeguard.common.logging import WITHHELD, NoCaseContentFilter

NHS_NUMBER = "9434765919"
CASE_TEXT = "Zebulon mentioned the bruise on Thursday"
SURNAME = "Quillfeather"
PASSWORD = "correct horse battery"


@pytest.fixture
def production_logging():
    """The filters the service's LOGGING puts on Django's loggers (the test settings leave
    them out). The root logger is left alone, so pytest's capture handlers stay in place."""
    names = list(base.LOGGING["loggers"])
    saved = {}
    for name in names:
        logger = logging.getLogger(name)
        saved[name] = (logger.level, logger.handlers[:], logger.filters[:], logger.propagate)
    logging.config.dictConfig({k: v for k, v in base.LOGGING.items() if k != "root"})
    yield
    for name, (level, handlers, filters, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.filters[:] = filters
        logger.propagate = propagate


@pytest.fixture
def sql_logged():
    """Log every SQL statement with its parameters, as DEBUG = True would."""
    connection.force_debug_cursor = True
    yield
    connection.force_debug_cursor = False


def _code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_signing_in_reading_a_record_and_searching_log_no_names_or_case_content(
    personas, client, caplog, production_logging, sql_logged
):
    child = personas.own_child
    child.first_name, child.last_name, child.nhs_number = "Zebulon", SURNAME, NHS_NUMBER
    child.save()
    CaseNote.objects.create(child=child, event_date="2025-02-10", subject="Visit", body=CASE_TEXT)
    user = personas.social_worker
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")

    client.post("/sign-in", {"username": "sw", "password": "wrong password"})
    client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert client.post("/sign-in/code", {"code": _code(user)}).status_code == 302
    client.get(reverse("cases:child_record", args=[child.pk]))
    child_record_get(user=user, child_id=child.pk)
    search_url = reverse("access:child_search")
    client.get(search_url, {"name": f"Zebulon {SURNAME}"})
    client.get(search_url, {"nhs_number": NHS_NUMBER})
    client.get(f"/children/{personas.other_child.pk}?name={SURNAME}")  # a refused read: 404

    lines = [caplog.handler.format(r) for r in caplog.records]
    assert any(r.name == "django.db.backends" for r in caplog.records), "no SQL was logged"
    for secret in (SURNAME, "Zebulon", NHS_NUMBER, CASE_TEXT):
        leaking = [line for line in lines if secret in line]
        assert leaking == [], f"{secret!r} appears in the log"


def _record(name, msg="%s", args=(), exc_info=None, **extra):
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_a_server_log_line_loses_its_query_string():
    record = _record(
        "django.server", '"%s" %s %s', ("GET /children/search?name=Smith HTTP/1.1", 200, 512)
    )
    assert NoCaseContentFilter().filter(record)
    assert record.getMessage() == '"GET /children/search HTTP/1.1" 200 512'


def test_a_request_log_record_loses_the_request_it_carries(rf):
    request = rf.post("/children/1/case-notes/new", {"body": CASE_TEXT})
    record = _record("django.request", "Bad Request: %s", ("/x",), request=request)
    assert NoCaseContentFilter().filter(record)
    assert not hasattr(record, "request")


def test_sql_is_logged_without_its_statement_or_parameters():
    record = _record(
        "django.db.backends",
        "(%.3f) %s; args=%s; alias=%s",
        (0.01, "SELECT ... WHERE nhs_number = %s", (NHS_NUMBER,), "default"),
        sql="SELECT ...",
        params=(NHS_NUMBER,),
        duration=0.01,
        alias="default",
    )
    assert NoCaseContentFilter().filter(record)
    assert NHS_NUMBER not in record.getMessage()
    assert not hasattr(record, "params")


def test_an_exception_message_is_withheld_but_its_traceback_kept():
    try:
        raise ValueError(f"duplicate key (nhs_number)=({NHS_NUMBER})")
    except ValueError:
        exc_info = sys.exc_info()
    record = _record("safeguard.cases", "failed", exc_info=exc_info)
    assert NoCaseContentFilter().filter(record)
    text = logging.Formatter().format(record)
    assert NHS_NUMBER not in text
    assert f"ValueError: {WITHHELD}" in text
    assert "test_an_exception_message_is_withheld_but_its_traceback_kept" in text


def test_a_record_carrying_a_child_is_dropped():
    assert not NoCaseContentFilter().filter(_record("safeguard.x", "seen", child=object()))


def test_production_logging_filters_the_console_and_djangos_request_loggers():
    handler = base.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["no_case_content"]
    for name in ("django.request", "django.server", "django.db.backends"):
        assert base.LOGGING["loggers"][name]["filters"] == ["no_case_content"]
