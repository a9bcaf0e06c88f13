"""Published figures (the DfE's local-authority tables, loaded from their CSVs) and the
authority's chosen statistical neighbours (docs/benchmarks.md)."""

from __future__ import annotations

from django.db import models

from safeguard.organisation.models import Authority

from .measures import MEASURES, Level, Table

TABLE_CHOICES = [(t.value, t.value) for t in Table]
LEVEL_CHOICES = [(level.value, level.value) for level in Level]
MEASURE_CHOICES = [(key, m.title) for key, m in MEASURES.items()]


class PublishedLoad(models.Model):
    """One file of one published table for one period, as loaded. Loading a file again for a
    table and period replaces the load before it; a generated load (the demo's neighbours)
    says so wherever its figures are shown."""

    table = models.CharField(max_length=20, choices=TABLE_CHOICES)
    # As published: "2025" (workforce, year to 30 September), "202425" (financial year).
    time_period = models.CharField(max_length=6)
    time_identifier = models.CharField(max_length=60, blank=True)
    source_file = models.CharField(max_length=255)
    generated = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["table", "-time_period", "id"]

    def __str__(self) -> str:
        return f"{self.table} {self.time_period} ({self.source_file})"


class PublishedFigure(models.Model):
    """One published figure: a measure for England, a region or a local authority."""

    load = models.ForeignKey(PublishedLoad, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=60, choices=MEASURE_CHOICES)
    geographic_level = models.CharField(max_length=20, choices=LEVEL_CHOICES)
    # The ONS code (new_la_code, e.g. E08000025) neighbours are matched by, and the DfE's
    # three-digit LA number (old_la_code); both empty for England and regions.
    new_la_code = models.CharField(max_length=9, blank=True)
    old_la_code = models.CharField(max_length=3, blank=True)
    la_name = models.CharField(max_length=200, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    # The symbol printed in place of a missing figure (z, c, x, ..), or empty.
    marker = models.CharField(max_length=5, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["load", "measure", "geographic_level", "region_name", "new_la_code"],
                name="published_figure_unique",
            )
        ]
        indexes = [models.Index(fields=["measure", "new_la_code"], name="published_figure_la")]

    def __str__(self) -> str:
        return f"{self.measure} {self.la_name or self.geographic_level}: {self.value}"


class StatisticalNeighbour(models.Model):
    """A local authority the authority compares itself with, in the order it chose them
    (rank 1 closest). Neighbours are named by their ONS code (the published files'
    new_la_code, and qlacref_authorities' list of English authorities), so a new year's file
    needs no change here."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="statistical_neighbours"
    )
    new_la_code = models.CharField("ONS code", max_length=9)
    la_name = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["authority", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "rank"], name="statistical_neighbour_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["authority", "new_la_code"], name="statistical_neighbour_la_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.la_name}"
