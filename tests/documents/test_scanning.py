"""The malware-scanning hook: a command, a ClamAV daemon's socket, and the
real ClamAV where the machine has it."""

from __future__ import annotations

import io
import shutil
import socket
import struct
import subprocess
import threading

import pytest

from nas.documents import scanning
from tests.documents import files


def test_an_unknown_scanner_setting_is_refused():
    with pytest.raises(ValueError, match="DOCUMENT_SCANNER must be"):
        scanning.scanner_from("antivirus:yes")


def test_no_scanner_passes_everything():
    assert scanning.scanner_from("").scan(io.BytesIO(b"anything")).clean


def _fake_clamd(path: str, verdict: bytes) -> threading.Thread:
    """A one-connection ClamAV daemon that reads an INSTREAM and answers `verdict`."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    received: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            command = b""
            while not command.endswith(b"\0"):
                command += connection.recv(1)
            assert command == b"zINSTREAM\0"
            while True:
                size = struct.unpack("!L", connection.recv(4))[0]
                if size == 0:
                    break
                chunk = b""
                while len(chunk) < size:
                    chunk += connection.recv(size - len(chunk))
                received.append(chunk)
            connection.sendall(verdict + b"\0")
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.received = received  # type: ignore[attr-defined]
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("verdict", "clean", "finding"),
    [(b"stream: OK", True, ""), (b"stream: Win.Test.EICAR_HDB-1 FOUND", False, "Win.Test.EICAR_HDB-1")],
)
def test_the_clamd_socket_scanner_streams_the_file_and_reads_the_verdict(tmp_path, verdict, clean, finding):
    path = str(tmp_path / "clamd.sock")
    server = _fake_clamd(path, verdict)
    result = scanning.scanner_from(f"clamd:{path}").scan(io.BytesIO(files.pdf()))
    server.join(5)
    assert (result.clean, result.finding, result.failed) == (clean, finding, False)
    assert b"".join(server.received) == files.pdf()  # type: ignore[attr-defined]


def test_an_unreachable_clamd_is_a_failed_scan(tmp_path):
    result = scanning.scanner_from(f"clamd:{tmp_path / 'absent.sock'}").scan(io.BytesIO(b"x"))
    assert result.failed and not result.clean


@pytest.mark.skipif(
    shutil.which("clamscan") is None, reason="ClamAV is not installed (apt-get install clamav)"
)
def test_the_real_clamav_refuses_the_eicar_test_file(tmp_path):
    """ClamAV's own scanner with a one-signature database (the EICAR test
    file's MD5, made by ClamAV's sigtool), since the signature downloads are
    out of reach here."""
    sample = tmp_path / "eicar.com"
    sample.write_bytes(files.EICAR)
    database = tmp_path / "test.hdb"
    database.write_bytes(
        subprocess.run(["sigtool", "--md5", str(sample)], capture_output=True, check=True).stdout
    )
    scanner = scanning.scanner_from(f"command:clamscan --no-summary -d {database} -")
    found = scanner.scan(io.BytesIO(files.EICAR))
    assert not found.clean and not found.failed and "eicar" in found.finding.lower()
    assert scanner.scan(io.BytesIO(files.pdf())).clean
