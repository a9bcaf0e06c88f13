"""A record of each statutory return built: who, when, for which year, and where the file and
its error report are. The files themselves stay on disk beside each other."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguard.organisation.models import Authority


class CensusBuild(models.Model):
    """One Children in Need census file built for a collection year (year ending 31 March)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the collection ends, 31 March.")
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    xml_path = models.CharField(max_length=500)
    report_path = models.CharField(max_length=500)
    children = models.PositiveIntegerField()
    errors = models.PositiveIntegerField(help_text="Broken rules that must be fixed.")
    queries = models.PositiveIntegerField(help_text="Queries the authority may explain.")
    schema_errors = models.PositiveIntegerField()
    # Rule code -> how many times it was broken, for the page's summary.
    by_rule = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["authority", "year", "built_at"], name="census_build_idx")]

    def __str__(self) -> str:
        label = f"{self.year - 1}-{str(self.year)[2:]}"
        return f"Children in Need census {label} ({self.built_at:%d %b %Y})"
