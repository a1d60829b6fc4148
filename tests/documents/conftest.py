from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.children.conftest import advance, make_child  # noqa: F401  (shared fixtures)

FAKE_SCANNER = Path(__file__).with_name("fake_scanner.py")


@pytest.fixture
def fake_scanner(settings):
    """The malware hook runs a stand-in scanner that refuses the EICAR test string."""
    settings.DOCUMENT_SCANNER = f"command:{sys.executable} {FAKE_SCANNER}"


@pytest.fixture
def store(settings):
    """The documents store's directory, to see what was kept."""
    return Path(settings.STORAGES["documents"]["OPTIONS"]["location"])


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]
