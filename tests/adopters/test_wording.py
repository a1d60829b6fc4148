"""Words on the household's pages that fit a household."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_households_language_option_is_worded_for_a_home_not_a_child(client_for):
    page = client_for("assessor.vvc").get("/adopters/new/").content.decode()
    assert "Welsh is the home&#x27;s first language" in page
    assert "child&#x27;s first language" not in page
