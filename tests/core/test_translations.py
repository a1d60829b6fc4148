"""Every user-facing string has its Welsh translation in the same change, and
the compiled catalogues committed beside the .po files are up to date."""

from __future__ import annotations

from nas.core.check_messages import PACKAGE, catalogue_dirs, check_code, problems


def test_the_project_keeps_a_welsh_catalogue():
    assert catalogue_dirs(PACKAGE)[0] == PACKAGE


def test_the_committed_catalogues_are_complete_and_compiled():
    assert problems(PACKAGE) == []


def test_every_translatable_string_in_the_code_has_a_welsh_translation():
    assert check_code() == []
