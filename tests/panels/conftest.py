from tests.adopters.conftest import advance, make_household  # noqa: F401  (the same households)
