"""The records the contract tests write to come from each part's own fixtures."""

from tests.adopters.conftest import make_household  # noqa: F401, E402
from tests.children.conftest import advance, make_child  # noqa: F401
from tests.support.conftest import make_case, make_person, vvc, worker  # noqa: F401
