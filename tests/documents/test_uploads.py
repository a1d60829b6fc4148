"""Uploading documents: what is accepted, what is refused (with a clear
message and nothing kept), versions, archiving, and downloads."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nas.audit.models import AuditEvent
from nas.core.records import StaleRecordError
from nas.documents import services
from nas.documents.models import Document, DocumentVersion
from tests.documents import files
from tests.documents.conftest import stored_files

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> services.Upload:
    return services.Upload(name=name, stream=io.BytesIO(data), size=len(data))


def add(personas, child, name="car.pdf", data=None, kind="childs_adoption_report"):
    return services.document_upload(
        actor=personas["sw.cardiff"],
        record_type="children.child",
        record=child,
        kind=kind,
        dated=date(2024, 3, 1),
        description="CAR for panel",
        upload=upload(name, files.pdf() if data is None else data),
    )


def test_a_pdf_is_kept_under_a_generated_name_never_the_uploaded_one(personas, make_child, store):
    child = make_child()
    document = add(personas, child, name="Megan Jones CAR.pdf")
    version = document.versions.get()
    assert version.number == 1 and version.file_type == "pdf"
    assert version.original_name == "Megan Jones CAR.pdf"
    assert "Megan" not in version.storage_name and not version.storage_name.endswith(".pdf")
    kept = stored_files(store)
    assert [p.name for p in kept] == [version.storage_name.rsplit("/", 1)[-1]]
    assert kept[0].read_bytes() == files.pdf()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.docx", files.docx(), "docx"),
        ("report.doc", files.doc(), "doc"),
        ("scan.png", files.png(), "png"),
        ("scan.jpg", files.jpeg(), "jpeg"),
        ("scan.tif", files.tiff(), "tiff"),
        ("wrongly-named.png", files.pdf(), "pdf"),
    ],
)
def test_the_type_is_read_from_the_content(personas, make_child, name, data, kind):
    document = add(personas, make_child(), name=name, data=data)
    assert document.versions.get().file_type == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", files.exe(), "must be a PDF, a Word document or an image"),
        ("report.docx", files.plain_zip(), "must be a PDF, a Word document or an image"),
        ("../../etc/report.pdf", files.pdf(), "must not contain folders"),
        ("..\\report.pdf", files.pdf(), "must not contain folders"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("infected.pdf", files.pdf_with_eicar(), "The virus checker found Eicar-Test-Signature"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_kept(
    personas, make_child, store, fake_scanner, name, data, message
):
    child = make_child()
    with pytest.raises(ValidationError) as refused:
        add(personas, child, name=name, data=data)
    assert message in " ".join(refused.value.messages)
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert stored_files(store) == []


def test_an_oversized_file_is_refused_before_it_is_read(personas, make_child, store, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="must be smaller than 1.0"):
        add(personas, make_child(), data=files.pdf() + b"\0" * 2048)
    assert not Document.objects.exists() and stored_files(store) == []


def test_a_scanner_that_cannot_run_refuses_the_file(personas, make_child, store, settings):
    settings.DOCUMENT_SCANNER = "command:/nonexistent/scanner -"
    with pytest.raises(ValidationError, match="could not be checked for viruses"):
        add(personas, make_child())
    assert stored_files(store) == []


def test_a_new_version_keeps_the_old_one(personas, make_child, store):
    document = add(personas, make_child())
    version = services.document_add_version(
        actor=personas["sw.cardiff"],
        document=document,
        upload=upload("car-v2.pdf", files.pdf("Second version")),
        expected_version=document.version,
    )
    assert version.number == 2
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    assert len(stored_files(store)) == 2
    with pytest.raises(StaleRecordError):
        services.document_add_version(
            actor=personas["sw.cardiff"],
            document=document,
            upload=upload("car-v3.pdf", files.pdf()),
            expected_version=1,
        )


def test_a_document_is_archived_with_a_reason_and_never_deleted(personas, make_child):
    document = add(personas, make_child())
    with pytest.raises(ValidationError):
        services.document_archive(actor=personas["tm.cardiff"], document=document, reason="  ")
    services.document_archive(actor=personas["tm.cardiff"], document=document, reason="Uploaded in error")
    document.refresh_from_db()
    assert document.is_archived and document.archive_reason == "Uploaded in error"
    with pytest.raises(TypeError):
        document.delete()
    with pytest.raises(TypeError):
        document.versions.get().delete()


def test_an_upload_is_audited_on_the_document_and_on_its_record(personas, make_child):
    child = make_child()
    document = add(personas, child)
    assert AuditEvent.objects.for_record("documents.document", document.pk).filter(action="create").exists()
    assert (
        AuditEvent.objects.for_record("children.child", child.pk)
        .filter(detail__document_added=document.pk)
        .exists()
    )


def _page_upload(client, child, name, data, kind="childs_adoption_report"):
    return client.post(
        f"/documents/of/children.child/{child.pk}/new/",
        {"kind": kind, "dated": "1/3/2024", "description": "", "file": SimpleUploadedFile(name, data)},
    )


def test_the_page_refuses_an_executable_named_pdf_and_says_why(client_for, make_child, store):
    response = _page_upload(client_for("sw.cardiff"), make_child(), "report.pdf", files.exe())
    assert response.status_code == 400
    assert "Its content is not one of those, whatever its name says" in response.content.decode()
    assert stored_files(store) == []


def test_the_page_refuses_an_empty_file(client_for, make_child, store):
    response = _page_upload(client_for("sw.cardiff"), make_child(), "empty.pdf", b"")
    assert response.status_code == 400
    assert "The selected file is empty" in response.content.decode()
    assert stored_files(store) == []


def test_the_page_refuses_a_file_the_scanner_refuses(client_for, make_child, store, fake_scanner):
    response = _page_upload(client_for("sw.cardiff"), make_child(), "letter.pdf", files.pdf_with_eicar())
    assert response.status_code == 400
    assert "The virus checker found Eicar-Test-Signature in the file" in response.content.decode()
    assert stored_files(store) == []


def test_the_page_never_keeps_the_path_a_browser_sends(client_for, make_child, store):
    """Django keeps only the last part of a sent name; the service refuses any path that reaches it."""
    response = _page_upload(client_for("sw.cardiff"), make_child(), "../../etc/passwd.pdf", files.pdf())
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.original_name == "passwd.pdf"
    assert all(".." not in str(p) and "passwd" not in str(p) for p in stored_files(store))


def test_a_download_is_audited_and_served_as_an_attachment(personas, make_child, client_for):
    child = make_child()
    document = add(personas, child)
    response = client_for("tm.cardiff").get(f"/documents/{document.pk}/versions/1/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == files.pdf()
    assert (
        AuditEvent.objects.for_record("documents.document", document.pk)
        .filter(action="export", actor_username="tm.cardiff")
        .exists()
    )


@pytest.mark.parametrize("outsider", ["sw.wrexham", "board.national", "ff.vvc", "director.national"])
def test_a_download_outside_the_records_scope_is_not_found(personas, make_child, client_for, outsider):
    document = add(personas, make_child())
    assert client_for(outsider).get(f"/documents/{document.pk}/versions/1/download/").status_code == 404
    assert client_for(outsider).get(f"/documents/{document.pk}/").status_code == 404
