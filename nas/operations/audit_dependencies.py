"""`make audit`: known vulnerabilities in the pinned dependencies (pip-audit).

pip-audit asks a vulnerability service about each pinned dependency of
pyproject.toml: OSV first, then PyPI's JSON API. A vulnerability found fails
the run. When neither service can be reached (the CI machines reach the
package index but not OSV, and PyPI's JSON API answers 404 there), the run
says so plainly, naming how many dependencies could not be audited, and does
not pretend they are safe; AUDIT_STRICT=true turns that into a failure.
Either way it checks that every dependency is pinned exactly (==), which is
what makes an audit, and a rebuild, mean anything.

What it does instead when pip-audit cannot run: PyPI's project pages
(`/pypi/<name>/json`) do answer from these machines. Each lists the known
vulnerabilities of the project's newest release and every release's files
with their yanked flag. So for each pinned dependency the fallback reports
(1) the known vulnerabilities, when the pin is the newest release (then
PyPI's list is the pin's own: those dependencies count as audited);
(2) a pin that was yanked; (3) a newer patch release of the same series
(security fixes ship there: Django's own policy, for one). A vulnerability or
a yanked pin fails the run; a newer patch release is reported for a person
to decide. The pins the fallback could not audit are counted and named.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("osv", "pypi")


def pinned_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return requirements


def unpinned(requirements: list[str]) -> list[str]:
    return [r for r in requirements if "==" not in r]


def _audit(requirements_file: str, service: str) -> dict | None:
    """pip-audit's JSON report, or None when the service could not be reached."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            requirements_file,
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return None
    return report if isinstance(report, dict) else None


PYPI = "https://pypi.org/pypi/{name}/json"


def _version_key(version: str) -> tuple[int, ...] | None:
    """A final release's numbers (`5.2.19` is (5, 2, 19)); None for a
    pre-release, a development release or a local version."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        return None
    return tuple(int(part) for part in version.split("."))


def _fetch_project(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(PYPI.format(name=name), timeout=20) as response:  # noqa: S310
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


@dataclass
class ProjectCheck:
    """What PyPI's project pages say about the pinned dependencies."""

    audited: list[str] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)
    yanked: list[str] = field(default_factory=list)
    behind: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.vulnerable or self.yanked)


def project_check(
    requirements: list[str], fetch: Callable[[str], dict | None] = _fetch_project
) -> ProjectCheck:
    check = ProjectCheck()
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        name = re.sub(r"\[.*\]", "", name).strip()
        version = version.split(";")[0].strip()
        project = fetch(name)
        if project is None:
            check.unreachable.append(name)
            continue
        releases = project.get("releases", {})
        files = releases.get(version, [])
        if files and all(f.get("yanked") for f in files):
            reason = next((f.get("yanked_reason") for f in files if f.get("yanked_reason")), "")
            check.yanked.append(f"{name} {version}" + (f": {reason}" if reason else ""))
        newest = project.get("info", {}).get("version", "")
        if version == newest:
            check.audited.append(name)
            for vuln in project.get("vulnerabilities") or []:
                fixed = ", ".join(vuln.get("fixed_in") or []) or "no fixed version"
                check.vulnerable.append(f"{name} {version}: {vuln.get('id')} (fixed in {fixed})")
        else:
            check.not_audited.append(name)
        pinned = _version_key(version)
        if pinned is None or len(pinned) < 2:
            continue
        series = [
            key
            for key in (
                _version_key(v) for v, fs in releases.items() if fs and not all(f.get("yanked") for f in fs)
            )
            if key is not None and key[:2] == pinned[:2] and key > pinned
        ]
        if series:
            check.behind.append(f"{name} {version} (newest of its series: {'.'.join(map(str, max(series)))})")
    return check


def report_project_check(check: ProjectCheck) -> None:
    for line in check.vulnerable:
        print(f"  vulnerable: {line}")
    for line in check.yanked:
        print(f"  yanked: {line}")
    for line in check.behind:
        print(f"  newer patch release: {line}")
    print(
        f"PyPI's project pages: {len(check.audited)} pinned at the newest release and audited "
        f"against PyPI's list, {len(check.vulnerable)} known vulnerabilities, {len(check.yanked)} "
        f"yanked pins, {len(check.behind)} behind a patch release of their series; "
        f"{len(check.not_audited)} not audited (an older release: PyPI lists only the newest's "
        f"vulnerabilities)" + (f"; {len(check.unreachable)} unreachable" if check.unreachable else "")
    )


def main() -> int:
    requirements = pinned_requirements()
    loose = unpinned(requirements)
    if loose:
        print(f"Not pinned exactly (==): {', '.join(loose)}")
        return 1
    print(f"{len(requirements)} dependencies, every one pinned exactly.")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(requirements) + "\n")
    try:
        for service in SERVICES:
            report = _audit(handle.name, service)
            if report is None:
                print(f"pip-audit: the {service} vulnerability service could not be reached.")
                continue
            dependencies = report.get("dependencies", [])
            skipped = [d["name"] for d in dependencies if d.get("skip_reason")]
            vulnerable = [d for d in dependencies if d.get("vulns")]
            if len(skipped) == len(dependencies):
                print(f"pip-audit: the {service} service knows none of the {len(dependencies)} dependencies.")
                continue
            for dependency in vulnerable:
                for vuln in dependency["vulns"]:
                    fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version"
                    print(f"  {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
            print(
                f"pip-audit ({service}): {len(dependencies) - len(skipped)} audited, "
                f"{len(vulnerable)} with known vulnerabilities, {len(skipped)} not audited"
                + (f" ({', '.join(skipped)})" if skipped else "")
            )
            return 1 if vulnerable else 0
    finally:
        os.unlink(handle.name)
    check = project_check(requirements)
    if len(check.unreachable) < len(requirements):
        report_project_check(check)
        if check.failed:
            return 1
    not_audited = len(check.not_audited) + len(check.unreachable)
    if not not_audited:
        return 0
    print(
        "NOT AUDITED: no vulnerability service could be reached from this machine, so "
        f"{not_audited} of the {len(requirements)} pinned dependencies were not checked for "
        f"known vulnerabilities ({', '.join(check.not_audited + check.unreachable)})."
    )
    return 1 if os.environ.get("AUDIT_STRICT", "").lower() in {"1", "true", "yes"} else 0


if __name__ == "__main__":
    sys.exit(main())
