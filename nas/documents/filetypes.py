"""What a file is, read from its content (magic numbers), never from its
name: an executable renamed `report.pdf` is still an executable.

Accepted: PDF, Word (.docx and the older .doc), and images (PNG, JPEG,
TIFF, the formats scanners produce).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Bytes read to recognise a file (the .doc check looks for its stream name in them).
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    label: str | Promise
    content_type: str
    extension: str


PDF = FileType("pdf", _("PDF"), "application/pdf", "pdf")
DOCX = FileType(
    "docx",
    _("Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
DOC = FileType("doc", _("Word 97-2003 document"), "application/msword", "doc")
PNG = FileType("png", _("PNG image"), "image/png", "png")
JPEG = FileType("jpeg", _("JPEG image"), "image/jpeg", "jpg")
TIFF = FileType("tiff", _("TIFF image"), "image/tiff", "tif")
TYPES = {t.key: t for t in (PDF, DOCX, DOC, PNG, JPEG, TIFF)}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def sniff(stream: IO[bytes]) -> FileType | None:
    """The file's type from its content, or None if it is not one we accept.
    Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    found: FileType | None = None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith((b"II*\x00", b"MM\x00*")):
        found = TIFF
    elif head.startswith(_OLE2) and _WORD_STREAM in head:
        found = DOC
    elif head.startswith(b"PK\x03\x04"):
        found = DOCX if _is_docx(stream) else None
    stream.seek(0)
    return found


def _is_docx(stream: IO[bytes]) -> bool:
    """A Word document is a zip holding the Office content types and the
    main document part; only the zip's directory is read, nothing extracted."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names
