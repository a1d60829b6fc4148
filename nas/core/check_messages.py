"""The Welsh catalogues: refresh them from the code, and check that every
user-facing string has a Welsh translation and that the compiled .mo files
committed beside them match their .po files.

The project catalogue is nas/locale; a part of the service may keep its own
in nas/<app>/locale (so parts built side by side do not edit one file). Each
string is looked for in the catalogue nearest to the file that uses it.

    python -m nas.core.check_messages            # check (a copy of) the tree
    python -m nas.core.check_messages --refresh  # update the .po files in place
"""

from __future__ import annotations

import argparse
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = "cy"
PO = Path("locale") / LOCALE / "LC_MESSAGES" / "django.po"
IGNORED = ("static/*", "__pycache__/*", "migrations/*")


def catalogue_dirs(root: Path) -> list[Path]:
    """Every directory that keeps a Welsh catalogue, the project's first."""
    found = sorted(po.parents[3] for po in root.rglob(str(PO)))
    return sorted(found, key=lambda d: (d != root, str(d)))


def refresh(root: Path) -> None:
    """Run makemessages in each catalogue directory, leaving out the
    sub-directories that keep their own catalogue."""
    dirs = catalogue_dirs(root)
    for directory in dirs:
        nested = [d.relative_to(directory) for d in dirs if d != directory and directory in d.parents]
        ignores = [*IGNORED, *(f"{n}/*" for n in nested)]
        subprocess.run(
            [
                sys.executable,
                # -P: the app directory is not put on sys.path, so an app's
                # selectors.py cannot shadow the standard library's selectors.
                "-P",
                "-m",
                "django",
                "makemessages",
                f"--locale={LOCALE}",
                "--no-obsolete",
                *(f"--ignore={pattern}" for pattern in ignores),
            ],
            cwd=directory,
            check=True,
            capture_output=True,
            # Without settings, makemessages writes to the catalogue in the
            # directory it runs in, not to the project's LOCALE_PATHS.
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        )


def _statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return result.stderr.strip()
    return result.stderr.strip().splitlines()[-1]


def _catalog(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def problems(root: Path) -> list[str]:
    """What is wrong with the catalogues under root (nothing, if empty)."""
    found = []
    for directory in catalogue_dirs(root):
        po = directory / PO
        name = po.relative_to(root)
        stats = _statistics(po)
        if "fuzzy" in stats or "untranslated" in stats or "translated" not in stats:
            found.append(f"{name}: {stats}")
            continue
        mo = po.with_suffix(".mo")
        if not mo.exists():
            found.append(f"{name}: no compiled .mo beside it (run `make messages`)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "django.mo"
            subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
            if _catalog(fresh) != _catalog(mo):
                found.append(f"{name}: the compiled .mo is out of date (run `make messages`)")
    return found


def check_code(package: Path = PACKAGE) -> list[str]:
    """Refresh the catalogues of a copy of the package from its code and
    report what is missing, so a string added without its Welsh fails."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / package.name
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.pyc"))
        refresh(copy)
        return [p.replace(str(copy), "nas") for p in problems(copy)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--refresh", action="store_true", help="update the .po files from the code")
    args = parser.parse_args()
    if args.refresh:
        refresh(PACKAGE)
        return 0
    found = check_code()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
