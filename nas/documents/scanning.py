"""The malware-scanning hook. Every upload is scanned before anything is
stored; a file the scanner refuses, or cannot check, is not kept.

The scanner is named by the DOCUMENT_SCANNER setting:

- "" (empty): no scanning (development and tests without a scanner);
  `manage.py check --deploy` warns about it in production.
- "command:<program and arguments>": the file is given on standard input;
  exit status 0 is clean, 1 is infected (its output names what was found),
  anything else is a failure. ClamAV's `clamscan --no-summary -` and
  `clamdscan --no-summary -` follow this convention.
- "clamd:<path of a unix socket>" or "clamd:<host>:<port>": a ClamAV daemon,
  spoken to with its INSTREAM command.
"""

from __future__ import annotations

import shlex
import socket
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    #: What was found ("" when clean), or why the scan failed.
    finding: str = ""
    #: The scan could not be done: the file is refused, as it was not checked.
    failed: bool = False


class Scanner:
    name = ""

    def scan(self, stream: IO[bytes]) -> ScanResult:
        raise NotImplementedError


class NoScanner(Scanner):
    name = ""

    def scan(self, stream: IO[bytes]) -> ScanResult:
        return ScanResult(clean=True)


class CommandScanner(Scanner):
    def __init__(self, command: str) -> None:
        self.argv = shlex.split(command)
        self.name = "command"

    def scan(self, stream: IO[bytes]) -> ScanResult:
        stream.seek(0)
        try:
            # The file is at most DOCUMENT_MAX_BYTES: it is given whole on standard input.
            done = subprocess.run(
                self.argv, input=stream.read(), capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return ScanResult(clean=False, failed=True, finding=type(error).__name__)
        finally:
            stream.seek(0)
        output = done.stdout.decode(errors="replace").strip()
        if done.returncode == 0:
            return ScanResult(clean=True)
        if done.returncode == 1:
            return ScanResult(clean=False, finding=_finding(output))
        return ScanResult(clean=False, failed=True, finding=f"exit status {done.returncode}")


class ClamdScanner(Scanner):
    """ClamAV's daemon: `zINSTREAM`, then the file in chunks each preceded by
    its length (4 bytes, network order), then a zero length; the daemon
    answers `stream: OK` or `stream: <signature> FOUND`."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.name = "clamd"

    def _connect(self) -> socket.socket:
        if self.address.startswith("/"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(TIMEOUT_SECONDS)
            sock.connect(self.address)
            return sock
        host, _, port = self.address.rpartition(":")
        return socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)

    def scan(self, stream: IO[bytes]) -> ScanResult:
        stream.seek(0)
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for chunk in _chunks(stream):
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
        except (OSError, ValueError) as error:
            return ScanResult(clean=False, failed=True, finding=type(error).__name__)
        finally:
            stream.seek(0)
        answer = reply.rstrip(b"\0").decode(errors="replace").strip()
        if answer.endswith(" OK"):
            return ScanResult(clean=True)
        if answer.endswith(" FOUND"):
            return ScanResult(clean=False, finding=_finding(answer))
        return ScanResult(clean=False, failed=True, finding=answer[:200])


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def _finding(output: str) -> str:
    """`stdin: Eicar-Signature FOUND` -> `Eicar-Signature`."""
    line = output.splitlines()[0] if output else ""
    line = line.split(": ", 1)[-1]
    return line.removesuffix(" FOUND").strip()[:200]


def scanner_from(setting: str) -> Scanner:
    setting = setting.strip()
    if not setting:
        return NoScanner()
    kind, _, value = setting.partition(":")
    if kind == "command" and value.strip():
        return CommandScanner(value)
    if kind == "clamd" and value.strip():
        return ClamdScanner(value.strip())
    raise ValueError(
        "DOCUMENT_SCANNER must be empty, 'command:<program>' or 'clamd:<socket path or host:port>'."
    )


def current_scanner() -> Scanner:
    return scanner_from(settings.DOCUMENT_SCANNER)
