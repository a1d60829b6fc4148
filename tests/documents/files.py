"""Small real files of each kind, made in memory."""

from __future__ import annotations

import io
import zipfile

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf(text: str = "Child's Adoption Report") -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return out.getvalue()


def doc() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + "WordDocument".encode("utf-16-le") + b"\0" * 100


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"\0" * 64


def tiff() -> bytes:
    return b"II*\x00" + b"\0" * 64


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 120 + b"This program cannot be run in DOS mode."


def pdf_with_eicar() -> bytes:
    return b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n"
