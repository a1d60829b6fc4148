from tests.children.conftest import advance, make_child  # noqa: F401
from tests.support.conftest import make_case, make_person, manager, vvc, worker  # noqa: F401
