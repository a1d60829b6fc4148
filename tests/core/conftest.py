"""Fixtures shared with the children's tests."""

from tests.children.conftest import make_child  # noqa: F401  (shared fixture)
