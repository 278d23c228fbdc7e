"""What the dossier benchmark (bench/dossiers.py) measures a render with: a queued job rendered in this
process, its phases (from the progress render_job reports), its sections (pages and wall time of each
layout process), CPU seconds, and how busy the rest of the machine was meanwhile."""

import itertools
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

MB = 1024 * 1024


def request(user, kind: str, case):
    """A queued job, through the real request service (its task is not sent: we render it here)."""
    from dossiers import services

    services._enqueue = lambda job: None
    return services.dossier_request(actor=user, kind=kind, case=case)


class Steps:
    """Records when render_job reports each progress step (and this process's RSS then), to split its
    wall time into phases. The percentages are those dossiers/jobs.py reports at each phase's start."""

    PHASES = {
        "bundle": (
            (1, "plan"),
            (3, "hash"),
            (15, "files"),
            (60, "covers"),
            (85, "merge"),
            (92, "manifest"),
            (96, "store"),
        ),
        None: (
            (1, "plan"),
            (3, "hash"),
            (15, "layout"),
            (86, "contents"),
            (90, "merge"),
            (92, "manifest"),
            (96, "store"),
        ),
    }

    def __init__(self, kind: str):
        self.table = self.PHASES.get(kind, self.PHASES[None])
        self.marks: list[tuple[float, float, int]] = []  # (time, percent, RSS)

    def __enter__(self):
        from dossiers import jobs

        self.original = original = jobs.report_progress

        def recording(job_id, token, percent, step):
            self.marks.append((time.perf_counter(), percent, rss_now()))
            return original(job_id, token, percent, step)

        jobs.report_progress = recording
        return self

    def __exit__(self, *exc):
        from dossiers import jobs

        jobs.report_progress = self.original

    def phases(self, ended: float) -> dict[str, float]:
        """Seconds per phase, from its first mark to the next phase's first mark (phases without a mark,
        like the contents of a dossier without front matter, are left out)."""
        bounds = [*self.table, (101, "end")]
        starts = []
        for (low, name), (high, _next) in itertools.pairwise(bounds):
            at = next((t for t, p, _rss in self.marks if low <= p < high), None)
            if at is not None:
                starts.append((name, at))
        return {
            name: following - at
            for (name, at), following in zip(starts, [t for _n, t in starts[1:]] + [ended], strict=True)
        }

    def rss_at(self, percent: float) -> int:
        return next((rss for _t, p, rss in self.marks if p >= percent), 0)


class Sections:
    """Records every section render_job lays out (its name, pages and the wall time of its layout
    process), by wrapping dossiers.pdf.lay_out and the subprocess module it starts processes with."""

    def __init__(self):
        self.laid: list[dict] = []

    def __enter__(self):
        import types

        from dossiers import jobs, pdf

        times: dict[str, float] = {}

        def run(command, **kwargs):
            started = time.perf_counter()
            try:
                return subprocess.run(command, **kwargs)
            finally:
                html = next((str(arg) for arg in command if str(arg).endswith(".html")), "")
                times[html] = time.perf_counter() - started

        def lay_out(sections, workdir, **kwargs):
            laid = self.original(sections, workdir, **kwargs)
            for index, part in enumerate(laid):
                seconds = times.get(str(Path(workdir) / f"section-{index:04d}.html"), 0.0)
                self.laid.append({"name": part.section.name, "pages": part.pages, "seconds": seconds})
            return laid

        self.original = pdf.lay_out
        self.modules = (pdf, jobs)
        pdf.subprocess = types.SimpleNamespace(run=run)
        pdf.lay_out = jobs.lay_out = lay_out
        return self

    def __exit__(self, *exc):
        pdf, jobs = self.modules
        pdf.subprocess = subprocess
        pdf.lay_out = jobs.lay_out = self.original

    def summary(self) -> dict:
        body = [s for s in self.laid if s["name"] != "front"] or [{"name": "-", "pages": 0, "seconds": 0.0}]
        slowest = max(body, key=lambda s: s["seconds"])
        return {
            "count": len(body),
            "pages": [s["pages"] for s in body],
            "busy": sum(s["seconds"] for s in body),
            "slowest": slowest,
            "front": [s for s in self.laid if s["name"] == "front"],
        }


def render(job) -> dict:
    """render_job in this process; wall time, pages, size, the phases of the run and its sections."""
    from dossiers.jobs import render_job

    with Steps(job.kind) as steps, Sections() as sections, Others() as others:
        started = time.perf_counter()
        status = render_job(job.pk)
        ended = time.perf_counter()
    job.refresh_from_db()
    if status != "done":
        sys.exit(f"dossier {job.pk} ({job.kind}) {status}: {job.error}")
    merge = dict((name, p) for p, name in steps.table)["merge"]
    return {
        "seconds": ended - started,
        "pages": job.page_count,
        "mb": job.size / MB,
        "phases": {"start": (steps.marks[0][0] if steps.marks else ended) - started, **steps.phases(ended)},
        "rss_merge": steps.rss_at(merge),
        "sections": sections.summary(),
        "others": others.text(),
    }


def seconds(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def cpu_times() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children so far."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def machine_cpu() -> tuple[float, float]:
    """Busy and stolen CPU seconds of the whole machine so far (/proc/stat)."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in stat.readline().split()[1:9])
    hz = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / hz, steal / hz


class Others:
    """How many CPUs other processes (PostgreSQL included) used, and the host stole, while a block ran:
    a figure measured while they were busy is not worth much."""

    cpus = stolen = 0.0

    def __enter__(self):
        self.started, (self.busy, self.steal), self.ours = time.perf_counter(), machine_cpu(), sum(cpu_times())
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.started
        busy, steal = machine_cpu()
        self.cpus = max(0.0, (busy - self.busy) - (sum(cpu_times()) - self.ours)) / wall
        self.stolen = (steal - self.steal) / wall

    def text(self) -> str:
        return f"others {self.cpus:.2f} CPUs" + (f", stolen {self.stolen:.2f}" if self.stolen >= 0.01 else "")


def rss_now() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0
