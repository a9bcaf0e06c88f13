"""Draw the linkage model's match weights, one bar per comparison level, as an SVG file.

    manage.py linkage_weights_chart --output docs/linkage-weights.svg [--fixture]

Reads the version in use (the highest); `--fixture` draws the small model the tests use
instead, so the chart can be made without a trained authority.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...charts import weights_svg
from ...services import LinkageError, linkage_model_current

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixture_model.json"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="the SVG file to write")
        parser.add_argument("--fixture", action="store_true", help="draw the tests' fixture model")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fixture"]:
            settings = json.loads(FIXTURE.read_text())
            title = "Match weight of each level (the tests' fixture model)"
        else:
            try:
                model = linkage_model_current()
            except LinkageError as error:
                raise CommandError(str(error)) from error
            settings = model.settings
            title = f"Match weight of each level (model version {model.version})"
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"No folder {output.parent} to write {output.name} in")
        output.write_text(weights_svg(settings, title=title))
        self.stdout.write(f"Wrote {output}")
