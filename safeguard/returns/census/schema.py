"""Check the census against our XSD for its collection year (`schema/`).

`schema_errors` checks a written file, streaming it (a lazy resource). While a census is being
built, `ChunkValidator` checks it as it is written instead: every few thousand children, the
bytes just written (with the file's own header around them) go to a worker process, so the
schema check runs beside the database reads rather than after them. The XSD has no constraint
across children (no keys or uniqueness), so checking the file in pieces finds exactly what
checking it whole would. Each error is tied back to its child by position in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import xmlschema

from .years import CollectionYear

_CHILD_POSITION = re.compile(r"/Children/Child\[(\d+)\]")
CLOSING = b"\n  </Children>\n</Message>\n"


@dataclass(frozen=True)
class SchemaError:
    child_position: int | None  # 0-based position of the Child element, None if outside one
    path: str
    reason: str


@cache
def census_schema(path: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(path))


def _errors(source: str | BytesIO, schema_path: Path, offset: int) -> list[SchemaError]:
    schema = census_schema(schema_path)
    found = []
    for error in schema.iter_errors(xmlschema.XMLResource(source, lazy=True)):
        path = error.path or ""
        match = _CHILD_POSITION.search(path)
        found.append(
            SchemaError(
                child_position=offset + int(match.group(1)) - 1 if match else None,
                path=_CHILD_POSITION.sub(
                    lambda m: f"/Children/Child[{offset + int(m.group(1))}]", path
                ),
                reason=(error.reason or str(error.message)).strip(),
            )
        )
    return found


def schema_errors(xml_path: Path, year: CollectionYear) -> Iterator[SchemaError]:
    """Every schema error in a written census file."""
    yield from _errors(str(xml_path), year.schema_path, 0)


def _chunk_errors(document: bytes, schema_path: Path, offset: int) -> list[SchemaError]:
    return _errors(BytesIO(document), schema_path, offset)


class Tee:
    """A binary stream that writes to the file and keeps a copy of the bytes since the last
    `take()` (what the XML writer has written of the current chunk)."""

    def __init__(self, file: object) -> None:
        self._file = file
        self._chunk = BytesIO()

    def write(self, data: bytes) -> int:
        self._file.write(data)  # type: ignore[attr-defined]
        return self._chunk.write(data)

    def flush(self) -> None:
        self._file.flush()  # type: ignore[attr-defined]

    def take(self) -> bytes:
        data = self._chunk.getvalue()
        self._chunk = BytesIO()
        return data


class ChunkValidator:
    """Checks the census a chunk of children at a time, in worker processes (or in this
    process with `workers=0`)."""

    def __init__(self, year: CollectionYear, *, workers: int) -> None:
        self._schema = year.schema_path
        self._pool = ProcessPoolExecutor(max_workers=workers) if workers > 0 else None
        self._pending: list[Future[list[SchemaError]]] = []
        self._done: list[SchemaError] = []
        self._prefix = b""

    def start(self, prefix: bytes) -> None:
        """The bytes before the first child: declaration, header and the Children tag."""
        self._prefix = prefix

    def check(self, children: bytes, offset: int) -> None:
        document = self._prefix + children + CLOSING
        if self._pool is None:
            self._done.extend(_chunk_errors(document, self._schema, offset))
        else:
            self._pending.append(self._pool.submit(_chunk_errors, document, self._schema, offset))

    def check_whole(self, document: bytes) -> None:
        """A census with no children is checked whole (the header must still be right)."""
        self._done.extend(_chunk_errors(document, self._schema, 0))

    def errors(self) -> list[SchemaError]:
        """Wait for every chunk and return every error, in file order."""
        try:
            for future in self._pending:
                self._done.extend(future.result())
        finally:
            if self._pool is not None:
                self._pool.shutdown()
        # The header goes with every chunk: report each of its errors once.
        unique = {(e.child_position, e.path, e.reason): e for e in self._done}
        return sorted(
            unique.values(), key=lambda e: -1 if e.child_position is None else e.child_position
        )
