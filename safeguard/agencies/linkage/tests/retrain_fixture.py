"""Retrain `fixture_model.json` after the comparisons change (see `fixtures.py`):

.venv/bin/python -m safeguard.agencies.linkage.tests.retrain_fixture
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from safeguard.agencies.linkage.tests.fixtures import train_fixture_model  # noqa: E402

if __name__ == "__main__":
    train_fixture_model()
