import pytest

from safeguard.benchmarks.shipped import england_rows_ensure


@pytest.fixture(autouse=True)
def _england_rows(request):
    # A flushed test database has lost the national rows migration 0002 wrote.
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional and (marker is not None or "db" in request.fixturenames):
        request.getfixturevalue("db")
        england_rows_ensure()
