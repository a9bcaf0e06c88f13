from pathlib import Path

from django.conf import settings

from safeguard.timescales.clocks import CLOCKS


def test_every_clock_is_documented_in_docs_timescales():
    text = (Path(settings.BASE_DIR) / "docs" / "timescales.md").read_text()
    assert [code for code in CLOCKS if f"`{code}`" not in text] == []
