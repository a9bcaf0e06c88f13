import pytest

from .fixtures import install_fixture_model


@pytest.fixture
def linkage_model(db):
    return install_fixture_model()
