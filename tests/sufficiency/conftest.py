import pytest

from tests.sufficiency import dataset


@pytest.fixture
def known(reference_data):
    return dataset.build()
