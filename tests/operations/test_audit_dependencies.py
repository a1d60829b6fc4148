"""`make audit`'s fallback when pip-audit's services cannot be reached: what
PyPI's project pages say about each pinned dependency."""

from __future__ import annotations

from nas.operations.audit_dependencies import project_check

FILE = {"yanked": False, "yanked_reason": None}
YANKED = {"yanked": True, "yanked_reason": "broken wheel"}


def _project(newest, releases, vulnerabilities=()):
    return {
        "info": {"version": newest},
        "releases": releases,
        "vulnerabilities": list(vulnerabilities),
    }


PROJECTS = {
    "Django": _project(
        "5.2.20",
        {"5.2.19": [FILE], "5.2.20": [FILE], "6.0.1": [FILE]},
    ),
    "pyotp": _project(
        "2.12.0",
        {"2.12.0": [FILE]},
        [{"id": "PYSEC-2099-1", "fixed_in": ["2.12.1"]}],
    ),
    "lxml": _project("6.0.0", {"5.9.0": [YANKED], "6.0.0": [FILE]}),
    "whitenoise": _project("6.9.0", {"6.9.0": [FILE], "6.9.1rc1": [FILE]}),
}


def _check():
    return project_check(
        ["Django==5.2.19", "pyotp==2.12.0", "lxml==5.9.0", "whitenoise[brotli]==6.9.0", "gone==1.0"],
        fetch=PROJECTS.get,
    )


def test_a_pin_at_the_newest_release_is_audited_against_pypis_list_and_its_vulnerability_fails():
    check = _check()
    assert check.audited == ["pyotp", "whitenoise"]
    assert check.vulnerable == ["pyotp 2.12.0: PYSEC-2099-1 (fixed in 2.12.1)"]
    assert check.failed


def test_an_older_pin_is_not_audited_and_a_newer_patch_of_its_series_is_reported():
    check = _check()
    assert "Django" in check.not_audited
    assert check.behind == ["Django 5.2.19 (newest of its series: 5.2.20)"]


def test_a_yanked_pin_fails_and_a_pre_release_is_not_a_newer_patch():
    check = _check()
    assert check.yanked == ["lxml 5.9.0: broken wheel"]
    assert not any(line.startswith("whitenoise") for line in check.behind)


def test_a_project_pypi_does_not_answer_for_is_counted_unreachable_not_safe():
    check = _check()
    assert check.unreachable == ["gone"]
    assert "gone" not in check.audited
