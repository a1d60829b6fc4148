import pytest
from django.utils import translation

from tests.children.conftest import advance, make_child  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def _in_english():
    """Explanations and group names are worded in the active language: start each
    test in English, whatever an earlier request on the same worker left active
    (LocaleMiddleware activates the request's language on the thread)."""
    with translation.override("en"):
        yield
