"""Check the audit trail's hash chains end to end.

Exits 0 when the trail is intact, 1 when any entry was altered, deleted, inserted or cut off
the end of its chain, naming each (by chain and sequence). With --checkpoint FILE it also checks
the trail still holds every chain's head as written there by an earlier
`verify_audit --write-checkpoint FILE` (keep that file outside the database, e.g. on write-once
storage), which catches truncation, even of a whole chain, by someone who can also rewrite the
head rows. A checkpoint line from before there were several chains (one sequence and MAC) is
read as chain 1's.

The trail is streamed a chunk at a time, so its length costs time, not memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.audit.chain import Head
from safeguard.audit.selectors import audit_heads, audit_problems

# Enough to say where to look; the count says how much.
SHOWN = 50


class Command(BaseCommand):
    help = "Verify the audit trail's keyed hash chain; exit non-zero if it was tampered with."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoint", type=Path, help="check against this checkpoint file")
        parser.add_argument(
            "--write-checkpoint", type=Path, help="after a clean check, append the head here"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = None
        if options["checkpoint"]:
            try:
                lines = options["checkpoint"].read_text().strip().splitlines()
                checkpoint = _heads_from(json.loads(lines[-1]))
            except (OSError, IndexError, ValueError, KeyError, TypeError) as exc:
                raise CommandError(
                    f"Cannot read the checkpoint {options['checkpoint']}: {exc}"
                ) from exc
        # Read before the walk: every entry up to these heads is in what the walk verifies.
        heads = audit_heads()
        count = 0
        for problem in audit_problems(checkpoint=checkpoint):
            count += 1
            if count <= SHOWN:
                self.stderr.write(f"TAMPERED {problem}")
        if count > SHOWN:
            self.stderr.write(f"... and {count - SHOWN} more")
        written = sum(head.sequence for head in heads.values())
        if count:
            raise CommandError(
                f"The audit trail has {count} problem(s); {written} entries were written."
            )
        chains = sum(1 for head in heads.values() if head.sequence)
        self.stdout.write(
            f"audit trail intact: {written} entries verified"
            f" on {chains} chain{'' if chains == 1 else 's'}"
        )
        if options["write_checkpoint"] and heads:
            line = {
                "chains": {
                    str(chain): {"sequence": head.sequence, "mac": head.mac}
                    for chain, head in sorted(heads.items())
                }
            }
            with options["write_checkpoint"].open("a") as out:
                out.write(json.dumps(line) + "\n")


def _heads_from(line: dict[str, Any]) -> dict[int, Head]:
    """A checkpoint line: every chain's head, or (written before there were several chains)
    chain 1's sequence and MAC alone."""
    if "chains" not in line:
        return {1: Head(int(line["sequence"]), str(line["mac"]))}
    return {
        int(chain): Head(int(head["sequence"]), str(head["mac"]))
        for chain, head in line["chains"].items()
    }
