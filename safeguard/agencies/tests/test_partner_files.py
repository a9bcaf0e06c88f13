"""Importing a partner's file (`services.files.partner_file_import`, and the command
`import_partner_file` that calls it): a file that cannot be read as a whole is refused and
nothing is stored; otherwise every row is stored once or rejected with its reasons."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safeguard.agencies import extracts
from safeguard.agencies.models import PartnerBatch, PartnerEvent, PartnerSubmission
from safeguard.agencies.services import files
from safeguard.agencies.services.files import partner_file_import
from safeguard.audit.models import AuditEntry
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,child_first_name,child_last_name,child_date_of_birth,event_type,school,"
    "period_start,period_end,attendance_percent,unauthorised_absence_sessions,summary"
)


def row(n: int, first: str = "Amara", last: str = "Okonkwo-Test", percent: str = "81.5") -> str:
    return (
        f"S{n},{first},{last}-{n},2016-04-12,attendance_concern,Northgate Primary,"
        f"2025-09-03,2025-10-17,{percent},{n},"
    )


def csv_text(*rows: str) -> str:
    return "\r\n".join([HEADER, *rows]) + "\r\n"


@pytest.fixture
def write(tmp_path):
    def write(content: str | bytes, name: str = "northgate-2025-10-20.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def import_file(school, linkage_model):
    def import_file(path: Path, **kwargs):
        return partner_file_import(organisation=school, path=path, **kwargs)

    return import_file


def assert_nothing_stored() -> None:
    assert not PartnerBatch.objects.exists()
    assert not PartnerSubmission.objects.exists()
    assert not PartnerEvent.objects.exists()


def test_a_good_file_is_stored_row_by_row(write, import_file):
    report = import_file(write(csv_text(row(1), row(2), row(3))))
    assert report.imported
    assert (report.received, report.stored, report.rejected) == (3, 3, 0)
    assert report.encoding == "utf-8"
    batch = PartnerBatch.objects.get()
    assert batch.report["complete"] and len(batch.file_sha256) == 64
    assert sorted(PartnerSubmission.objects.values_list("row_number", flat=True)) == [1, 2, 3]


# --- A quote left open ----------------------------------------------------------------------


def test_a_quote_left_open_refuses_the_whole_file_naming_its_line(write, import_file):
    # What a stray quote did before: it swallowed the next five rows (one of them valid) and
    # the report said "1 rows".
    path = write(csv_text(row(1), row(2, first='"Ben'), row(3), row(4), row(5), row(6), row(7)))
    report = import_file(path)
    assert not report.imported
    assert report.refused == extracts.QUOTE_NOT_CLOSED.format(line=3)
    assert report.refused.startswith("A quoted cell that starts on line 3 is never closed")
    assert_nothing_stored()
    entry = AuditEntry.objects.filter(action="refused").latest("sequence")
    assert entry.object_type == "agencies.partnerbatch"
    assert entry.details["refused"] == "structure"
    assert "Okonkwo" not in json.dumps(entry.details)


def test_a_quote_that_swallows_whole_rows_and_closes_later_is_refused(write, import_file):
    # Opened in the last cell of line 2 and closed at the end of line 4: the row has the
    # header's width, but one cell holds two lines that read as rows.
    path = write(
        "\n".join([HEADER, row(1) + '"unclosed', row(2), row(3) + 'closed"', row(4)]) + "\n"
    )
    report = import_file(path)
    assert report.refused == extracts.ROWS_SWALLOWED.format(line=2, end=4)
    assert_nothing_stored()


def test_a_quote_closed_in_the_middle_of_a_cell_is_refused_naming_its_line(write, import_file):
    path = write(csv_text(row(1), row(2, first='"Ben"jamin')))
    report = import_file(path)
    assert report.refused == extracts.QUOTE_BROKEN.format(line=3)
    assert_nothing_stored()


def test_a_row_of_another_width_is_refused_naming_its_line(write, import_file):
    path = write(csv_text(row(1), row(2) + ",extra", row(3)))
    report = import_file(path)
    assert report.refused == extracts.WRONG_WIDTH.format(line=3, cells=12, columns=11, end=3)
    assert_nothing_stored()


def test_a_cell_with_line_breaks_in_quotes_is_a_cell_not_a_broken_file(write, import_file):
    note = '"Seen by the nurse.\nFollow-up booked, family told."'
    report = import_file(write(csv_text(row(1) + note, row(2))))
    assert report.imported
    assert (report.stored, report.rejected) == (2, 0)


# --- Encodings ------------------------------------------------------------------------------


LATIN_1 = csv_text(row(1), row(2, first="Zoë", last="Brontë")).encode("latin-1")


def test_a_file_that_is_not_utf8_is_refused_naming_the_line_and_byte(write, import_file):
    path = write(LATIN_1)
    report = import_file(path)
    offset = LATIN_1.index(b"\xeb") + 1
    assert report.refused == extracts.NOT_UTF8.format(line=3, offset=offset, byte="0xEB")
    assert 'Save the file from your spreadsheet as "CSV UTF-8' in report.refused
    assert report.refusal_code == "encoding"
    assert_nothing_stored()
    assert not Person.objects.filter(first_name__contains="\ufffd").exists()


def test_a_file_in_a_declared_encoding_is_read_in_it(write, import_file):
    report = import_file(write(LATIN_1), encoding="cp1252")
    assert report.imported and report.encoding == "cp1252"
    assert report.stored == 2
    assert Person.objects.filter(first_name="Zoë", last_name="Brontë-2").exists()
    assert not Person.objects.filter(first_name__contains="\ufffd").exists()


def test_an_unknown_declared_encoding_is_refused(write, import_file):
    report = import_file(write(LATIN_1), encoding="klingon")
    assert report.refused == extracts.UNKNOWN_ENCODING.format(encoding="klingon")
    assert_nothing_stored()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_with_a_byte_order_mark_is_read(write, import_file, codec):
    text = csv_text(row(1, first="Zoë"), row(2, first="Łucja"))
    data = text.encode("utf-16") if codec == "utf-16" else text.encode(codec)
    if codec == "utf-16-le":
        data = b"\xff\xfe" + data
    elif codec == "utf-16-be":
        data = b"\xfe\xff" + data
    report = import_file(write(data))
    assert report.imported and report.encoding == "utf-16"
    assert report.stored == 2
    assert Person.objects.filter(first_name="Łucja").exists()


def test_a_utf16_file_without_a_byte_order_mark_is_refused(write, import_file):
    report = import_file(write(csv_text(row(1)).encode("utf-16-le")))
    assert report.refusal_code == "encoding"
    assert report.refused.startswith("Line 1 has a NUL character")
    assert_nothing_stored()


def test_a_utf8_file_with_a_byte_order_mark_keeps_its_first_column(write, import_file):
    report = import_file(write(b"\xef\xbb\xbf" + csv_text(row(1)).encode()))
    assert report.stored == 1
    assert PartnerSubmission.objects.get().partner_reference == "S1"


# --- Repeats: rows within a file, and the same file twice --------------------------------


def test_a_row_repeated_in_a_file_is_stored_once_and_the_repeat_reported(write, import_file):
    report = import_file(write(csv_text(row(1), row(2), row(1), row(3), row(2))))
    assert (report.received, report.stored, report.rejected, report.repeated) == (5, 3, 2, 2)
    assert report.rejected_rows == [
        {"row": 3, "stored": False, "errors": [files.REPEATED_ROW.format(first=1)]},
        {"row": 5, "stored": False, "errors": [files.REPEATED_ROW.format(first=2)]},
    ]
    assert PartnerSubmission.objects.count() == 3


def test_the_same_file_imported_twice_is_refused_the_second_time(write, import_file):
    path = write(csv_text(row(1), row(2)))
    first = import_file(path)
    again = import_file(path)
    assert first.stored == 2
    assert again.refusal_code == "repeat"
    assert again.refused.startswith("This file was already imported on ")
    assert f"(batch {first.batch_id}, 2 rows stored)" in again.refused
    assert PartnerSubmission.objects.count() == 2
    assert PartnerBatch.objects.count() == 1


def test_the_same_rows_under_another_name_are_the_same_file(write, import_file):
    content = csv_text(row(1))
    import_file(write(content, "monday.csv"))
    assert import_file(write(content, "monday-copy.csv")).refusal_code == "repeat"


def test_a_changed_file_is_a_new_file(write, import_file):
    import_file(write(csv_text(row(1)), "monday.csv"))
    report = import_file(write(csv_text(row(1), row(2)), "monday.csv"))
    assert report.imported and report.stored == 2


# --- Empty files, bad rows, chunks ----------------------------------------------------------


@pytest.mark.parametrize(
    "content,message",
    [("", extracts.EMPTY_FILE), (HEADER + "\n", extracts.NO_ROWS), ("\n\n", extracts.NO_ROWS)],
)
def test_a_file_without_rows_is_refused(write, import_file, content, message):
    assert import_file(write(content)).refused == message
    assert_nothing_stored()


def test_a_column_named_twice_is_refused(write, import_file):
    path = write("reference,reference\nS1,S2\n")
    assert import_file(path).refused == extracts.COLUMN_TWICE.format(column="reference")


def test_a_bad_row_is_rejected_with_its_reasons_and_the_others_stored(write, import_file):
    report = import_file(write(csv_text(row(1), row(2, percent="120"), row(3))))
    assert (report.stored, report.rejected) == (2, 1)
    assert report.rejected_rows == [
        {
            "row": 2,
            "stored": False,
            "errors": [
                "event.attendance_concern.attendance_percent: Input should be less than or "
                "equal to 100"
            ],
        }
    ]


def test_rows_are_stored_a_chunk_at_a_time_with_progress(write, import_file, monkeypatch):
    monkeypatch.setattr(files, "CHUNK_ROWS", 2)
    path = write(csv_text(*(row(n) for n in range(1, 6))))
    calls = []
    report = import_file(path, progress=lambda *args: calls.append(args))
    assert report.stored == 5
    size = path.stat().st_size
    assert [c[0] for c in calls] == [2, 4, 5]
    assert calls[-1] == (5, size, size)
    assert all(0 < c[1] <= size and c[2] == size for c in calls)
    entries = AuditEntry.objects.filter(object_type="agencies.partnerbatch", action="create")
    assert [e.details["rows"] for e in entries.order_by("sequence")] == [[1, 2], [3, 4], [5, 5]]


def test_an_import_that_stopped_part_way_carries_on_and_stores_no_row_twice(
    write, import_file, monkeypatch
):
    monkeypatch.setattr(files, "CHUNK_ROWS", 2)
    path = write(csv_text(row(1), row(2), row(1), row(3), row(4)))

    def worker_restarts(done: int, *_: int) -> None:
        raise SystemExit("the job's worker stopped")

    with pytest.raises(SystemExit):
        import_file(path, progress=worker_restarts)
    assert PartnerSubmission.objects.count() == 2
    assert not PartnerBatch.objects.get().report["complete"]

    report = import_file(path)
    assert report.resumed_after == 2
    assert "Carried on after row 2" in report.summary
    batch = PartnerBatch.objects.get()
    assert batch.report["complete"]
    assert (batch.report["stored"], batch.report["rejected"], batch.report["repeated"]) == (4, 1, 1)
    assert sorted(PartnerSubmission.objects.values_list("row_number", flat=True)) == [1, 2, 4, 5]
    assert import_file(path).refusal_code == "repeat"


def test_two_imports_of_one_file_at_once_store_each_row_once(write, import_file, monkeypatch):
    monkeypatch.setattr(files, "CHUNK_ROWS", 2)
    path = write(csv_text(*(row(n) for n in range(1, 6))))

    def another_job_moves_on(done: int, *_: int) -> None:
        batch = PartnerBatch.objects.get()
        batch.report["rows_done"] = done + 2
        batch.save()

    report = import_file(path, progress=another_job_moves_on)
    assert report.refusal_code == "under_way"
    assert PartnerSubmission.objects.count() == 2


def test_a_file_is_refused_whole_while_people_cannot_be_matched(write, school):
    report = partner_file_import(organisation=school, path=write(csv_text(row(1))))
    assert report.refusal_code == "linkage_unavailable"
    assert_nothing_stored()


def test_json_lines_are_numbered_by_line_and_repeats_are_found(write, import_file):
    from .examples import submission

    good = json.dumps(submission("missed_health_appointment"))
    path = write("\n".join([good, "", "{oops", good]) + "\n", "health.jsonl")
    report = import_file(path)
    assert (report.received, report.stored, report.rejected, report.repeated) == (3, 1, 2, 1)
    assert [r["row"] for r in report.rejected_rows] == [3, 4]
    assert report.rejected_rows[0]["errors"][0].startswith("Not valid JSON")


# --- The command ----------------------------------------------------------------------------


def test_the_command_takes_a_declared_encoding(write, school, linkage_model):
    out = StringIO()
    path = write(LATIN_1)
    call_command(
        "import_partner_file",
        "--organisation",
        school.name,
        "--encoding",
        "cp1252",
        str(path),
        stdout=out,
    )
    assert out.getvalue().startswith("2 rows: 2 stored, 0 rejected (batch ")


def test_the_command_fails_on_a_refused_file_and_says_why(write, school, linkage_model, tmp_path):
    report_path = tmp_path / "report.json"
    with pytest.raises(CommandError, match="The file is not UTF-8: line 3"):
        call_command(
            "import_partner_file",
            "--organisation",
            school.name,
            "--report",
            str(report_path),
            str(write(LATIN_1)),
        )
    assert json.loads(report_path.read_text())["refused"].startswith("The file is not UTF-8")
    assert_nothing_stored()
