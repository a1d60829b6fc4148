from tests.children.conftest import advance, make_child  # noqa: F401  (shared fixtures)
