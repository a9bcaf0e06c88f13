"""Check a written workforce census against our XSD for its year (`schema/`), tying each
error to the worker by position in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import xmlschema

from .years import CensusYear

_WORKER_POSITION = re.compile(r"/CSWWWorker\[(\d+)\]")


@dataclass(frozen=True)
class SchemaError:
    worker_position: int | None  # 0-based position of the CSWWWorker, None if outside one
    path: str
    reason: str


@cache
def census_schema(path: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(path))


def schema_errors(document: Path | bytes, year: CensusYear) -> list[SchemaError]:
    """Every schema error in a workforce census (a written file, or its bytes), in order."""
    source: str | BytesIO = BytesIO(document) if isinstance(document, bytes) else str(document)
    found = []
    for error in census_schema(year.schema_path).iter_errors(source):
        path = error.path or ""
        match = _WORKER_POSITION.search(path)
        found.append(
            SchemaError(
                worker_position=int(match.group(1)) - 1 if match else None,
                path=path,
                reason=(error.reason or str(error.message)).strip(),
            )
        )
    return found
