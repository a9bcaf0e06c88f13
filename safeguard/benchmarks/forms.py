"""Choosing the statistical neighbours: up to ten, closest first (the DfE's and Ofsted's
comparisons use ten)."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.common.forms import GovukForm

from .models import StatisticalNeighbour

NEIGHBOUR_FIELDS = 10


class NeighboursForm(GovukForm):
    def __init__(
        self,
        *args: Any,
        choosable: list[tuple[str, str]],
        current: list[StatisticalNeighbour],
        **kwargs: Any,
    ) -> None:
        initial = {f"neighbour_{n.rank}": n.new_la_code for n in current}
        super().__init__(*args, initial=initial, **kwargs)
        choices = [("", "None chosen"), *[(code, f"{name} ({code})") for code, name in choosable]]
        self.names = dict(choosable)
        for rank in range(1, NEIGHBOUR_FIELDS + 1):
            self.fields[f"neighbour_{rank}"] = forms.ChoiceField(
                label=f"Neighbour {rank}" + (" (closest)" if rank == 1 else ""),
                choices=choices,
                required=False,
            )
            self._style(f"neighbour_{rank}", self.fields[f"neighbour_{rank}"])

    def chosen(self) -> list[tuple[str, str]]:
        """(ONS code, name) in the order chosen, gaps closed up."""
        codes = [self.cleaned_data.get(f"neighbour_{r}") for r in range(1, NEIGHBOUR_FIELDS + 1)]
        return [(code, self.names[code]) for code in codes if code]
