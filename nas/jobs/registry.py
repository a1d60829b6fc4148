"""The kinds of long work. Each part of the service declares its own in its
`jobs.py` (found when the service starts), with the function that does the
work and who may ask for it:

    from nas.jobs.registry import JobContext, JobOutput, job_kind

    @job_kind("performance.report", _("Report to the Minister or the Board"), may_start=...)
    def report(ctx: JobContext, *, kind: str, period: str) -> JobOutput:
        ctx.progress(0, 10, "Figures")
        ...
        return JobOutput(content=pdf, filename="report.pdf", content_type="application/pdf")

The function reads what it needs and returns what it made; anything it
writes to the database goes in `JobOutput.commit`, which runs in the same
transaction that marks the job finished, so a worker stopped half-way
leaves nothing half-written. See docs/operations-tasks.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass
class JobOutput:
    #: A file to keep for download, and its name and type.
    content: bytes | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    #: Figures for the job's page (JSON).
    data: dict[str, Any] | list[Any] | None = None
    #: Writes that belong with the result (audit entries of an export, say):
    #: run in the transaction that marks the job finished.
    commit: Callable[[], None] | None = None


class JobContext:
    """What a job's function is given: who asked (None for the schedule), and
    a way to say how far it has got (shown on the job's page)."""

    def __init__(self, *, job_id: int, actor: Any, report: Callable[[int, int, str], None]) -> None:
        self.job_id = job_id
        self.actor = actor
        self._report = report

    def progress(self, done: int, total: int, label: str = "") -> None:
        self._report(done, total, label)


Runner = Callable[..., JobOutput]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    run: Runner
    #: Whether this person may ask for this work with these parameters (and so
    #: download what it made). None: only the schedule starts it.
    may_start: Callable[[Any, dict[str, Any]], bool] | None = None
    #: The page to go back to from the job's page.
    back_url: Callable[[dict[str, Any]], str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_registry: dict[str, JobKind] = {}


def job_kind(
    name: str,
    label: str | Promise,
    *,
    may_start: Callable[[Any, dict[str, Any]], bool] | None = None,
    back_url: Callable[[dict[str, Any]], str] | None = None,
) -> Callable[[Runner], Runner]:
    def register(fn: Runner) -> Runner:
        if name in _registry:
            raise ValueError(f"The job kind {name} is already registered.")
        _registry[name] = JobKind(name, label, fn, may_start, back_url)
        return fn

    return register


def get(name: str) -> JobKind | None:
    return _registry.get(name)


def registered() -> dict[str, JobKind]:
    return dict(_registry)
