"""The import page runs the import as a background job (nas.children.jobs):
the person is taken to the import's page, which follows its progress and
then shows what it found, with the problems to download; the authority's
history of imports lists who imported which files and what happened."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.children.jobs import IMPORT
from nas.children.models import Child
from nas.jobs.models import Job, JobStatus
from nas.jobs.services import storage
from tests.children.test_import_ssda903 import _files

pytestmark = pytest.mark.django_db

BAD_PLACED = [
    ["A1", "01/02/2020", "01/06/2022", "", ""],
    ["A2", "05/06/2021", "01/05/2022", "01/04/2022", "RD1"],
]


def _upload(client, files, mode="all", key="k1"):
    return client.post(
        "/children/import/",
        {
            "upload": [SimpleUploadedFile(name, content, "text/csv") for name, content in files],
            "mode": mode,
            "idempotency_key": key,
        },
    )


def test_the_import_runs_in_the_background_and_its_page_says_what_it_found(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for("tm.cardiff")
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, _files(placed=BAD_PLACED), mode="partial")
    job = Job.objects.get(kind=IMPORT)
    assert response.status_code == 302 and response["Location"] == f"/children/imports/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED
    assert list(Child.objects.values_list("case_reference", flat=True)) == ["A1"]
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 1 new children, 0 updated, 0 unchanged." in page
    assert "1 child was left out" in page
    assert "DATE_PLACED_CEASED" in page and "[522]" in page
    download = client.get(f"/jobs/{job.pk}/download/")
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert b"522" in body
    # The uploaded files are not kept once the job has read them.
    assert all(not storage().exists(stored) for _name, stored in job.params["files"])


def test_importing_the_same_files_again_says_nothing_changed(client_for, django_capture_on_commit_callbacks):
    client = client_for("tm.cardiff")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, _files(), key="first")
    with django_capture_on_commit_callbacks(execute=True):
        again = _upload(client, _files(), key="second")
    page = client.get(again["Location"]).content.decode()
    assert "Nothing changed: these files were imported before" in page


def test_the_history_lists_the_authoritys_imports_in_a_fixed_number_of_queries(
    client_for, django_capture_on_commit_callbacks
):
    client = client_for("tm.cardiff")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, _files(), key="one")
    client.get("/children/imports/")
    with CaptureQueriesContext(connection) as one:
        page = client.get("/children/imports/").content.decode()
    assert "header.csv" in page and "Rhian Evans" in page
    for key in ("two", "three"):
        with django_capture_on_commit_callbacks(execute=True):
            _upload(client, _files(placed=BAD_PLACED), key=key)
    with CaptureQueriesContext(connection) as three:
        client.get("/children/imports/")
    assert len(three) == len(one)


def test_another_authoritys_import_is_not_found(client_for, personas):
    job = Job.objects.create(
        kind=IMPORT,
        params={"authority": personas["sw.wrexham"].organisation_id, "files": [], "partial": False},
        idempotency_key="elsewhere",
        requested_by=personas["sw.wrexham"],
    )
    assert client_for("tm.cardiff").get(f"/children/imports/{job.pk}/").status_code == 404


def test_the_page_offers_both_modes(client_for):
    page = client_for("tm.cardiff").get("/children/import/").content.decode()
    assert 'value="all" checked' in page and 'value="partial"' in page
