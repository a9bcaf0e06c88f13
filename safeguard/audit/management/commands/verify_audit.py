"""Check the audit trail's hash chain end to end.

Exits 0 when the trail is intact, 1 when any entry was altered, deleted, inserted or cut off
the end, naming each. With --checkpoint FILE it also checks the trail still holds the
sequence and MAC written there by an earlier `verify_audit --write-checkpoint FILE` (keep that
file outside the database, e.g. on write-once storage), which catches truncation even by
someone who can also rewrite the head row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.audit.models import AuditHead
from safeguard.audit.selectors import audit_problems

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
        checkpoint_sequence = checkpoint_mac = None
        if options["checkpoint"]:
            try:
                lines = options["checkpoint"].read_text().strip().splitlines()
                last = json.loads(lines[-1])
                checkpoint_sequence, checkpoint_mac = int(last["sequence"]), str(last["mac"])
            except (OSError, IndexError, ValueError, KeyError) as exc:
                raise CommandError(
                    f"Cannot read the checkpoint {options['checkpoint']}: {exc}"
                ) from exc
        count = 0
        for problem in audit_problems(
            checkpoint_sequence=checkpoint_sequence, checkpoint_mac=checkpoint_mac
        ):
            count += 1
            if count <= SHOWN:
                self.stderr.write(f"TAMPERED {problem}")
        if count > SHOWN:
            self.stderr.write(f"... and {count - SHOWN} more")
        head = AuditHead.objects.filter(id=1).first()
        written = head.sequence if head else 0
        if count:
            raise CommandError(
                f"The audit trail has {count} problem(s); {written} entries were written."
            )
        self.stdout.write(f"audit trail intact: {written} entries verified")
        if options["write_checkpoint"] and head is not None:
            with options["write_checkpoint"].open("a") as out:
                out.write(json.dumps({"sequence": head.sequence, "mac": head.mac}) + "\n")
