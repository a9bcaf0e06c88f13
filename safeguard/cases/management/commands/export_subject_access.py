"""Export everything held about one person, for a subject access request.

    manage.py export_subject_access --person 123 --output sar-123.json [--by USERNAME]
        [--reason "SAR ref 2026/041"] [--redact-workers]

Writes JSON (readable by the owner only) with third-party information marked for redaction,
and records the export in the audit trail. It never overwrites a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.subject_access import subject_access_export
from safeguard.people.models import Person


class Command(BaseCommand):
    help = "Export everything held about a person (subject access), third parties marked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", type=int, required=True, help="The person's id.")
        parser.add_argument("--output", type=Path, required=True, help="The JSON file to write.")
        parser.add_argument("--by", default="", help="Username of the officer handling it.")
        parser.add_argument("--reason", default="", help="The request's reference.")
        parser.add_argument(
            "--redact-workers",
            action="store_true",
            help="Mark workers' names for redaction (the serious-harm test is met).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["person"]).first()
        if person is None:
            raise CommandError(f"No person has id {options['person']}.")
        output: Path = options["output"]
        if output.exists():
            raise CommandError(f"{output} exists: choose a new file, exports are not overwritten.")
        actor = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"No account has the username {options['by']!r}.")

        export = subject_access_export(person, redact_workers=options["redact_workers"])
        text = json.dumps(export, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        # Created readable by its owner only: it is the whole record.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")

        audit_record(
            action=Action.EXPORT,
            actor=actor,
            object_type="people.person",
            object_id=person.pk,
            child_id=person.pk,
            reason=options["reason"],
            details={
                "export": "subject_access",
                "redactions_marked": export["redactions"]["marked"],
                "redact_workers": options["redact_workers"],
            },
        )
        marked = export["redactions"]["marked"]
        self.stdout.write(
            f"subject access export for person {person.pk} written to {output} "
            f"({marked} value{'s' if marked != 1 else ''} marked for redaction)"
        )
