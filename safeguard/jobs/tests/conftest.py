import pytest

from safeguard.jobs.tests import kinds  # noqa: F401  (registers the test kinds)


@pytest.fixture(autouse=True)
def _jobs_files_in_memory(settings):
    """Each test's job files start from an empty store."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
