"""`make audit`: known vulnerabilities in the pinned dependencies (pip-audit).

pip-audit asks a vulnerability service about each pinned dependency of
pyproject.toml: OSV first, then PyPI's JSON API. A vulnerability found fails
the run. When neither service can be reached (the CI machines reach the
package index but not OSV, and PyPI's JSON API answers 404 there), the run
says so plainly, naming how many dependencies could not be audited, and does
not pretend they are safe; AUDIT_STRICT=true turns that into a failure.
Either way it checks that every dependency is pinned exactly (==), which is
what makes an audit, and a rebuild, mean anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
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
    print(
        "NOT AUDITED: no vulnerability service could be reached from this machine, so the "
        f"{len(requirements)} pinned dependencies were not checked for known vulnerabilities."
    )
    return 1 if os.environ.get("AUDIT_STRICT", "").lower() in {"1", "true", "yes"} else 0


if __name__ == "__main__":
    sys.exit(main())
