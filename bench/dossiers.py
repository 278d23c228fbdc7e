"""Dossier PDF benchmark at 2019-presidential scale: every figure against a baseline measured in the same run.

    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/dossiers.py [--quick] [--only section|parallel|bundle|rerender]

1. section: our render of one brief section (brief_plan's queries and templating, then dossiers.pdf.lay_out
   with processes=1, i.e. in a layout process of its own) against bare `weasyprint.HTML(string=html)
   .write_pdf()` on the very HTML our run laid out, warmed up, both in this process and in a lean process
   that holds nothing but WeasyPrint; the three take turns, medians of the runs and of the per-turn ratios.
2. parallel: the brief of a PHPU Presiden case against KPU RI with 300 claims of 15 to 25 figure rows at
   TPS of 13.02 and 6,000 exhibits (one in ten with a file), rendered end to end by jobs.render_job
   with DOSSIER_RENDER_PROCESSES=2 and =1 (in that order, so the baseline has the warmer caches), and the
   6,000-row exhibit list of the same case.
3. bundle: evidence bundles (a cover per exhibit; two exhibits in three hold 2 to 4 generated 1240x1754
   grayscale JPEG "scans", the third a scanned PDF of 3 to 8 pages) of about 500 and 2,000 pages, each
   rendered by render_job in a fresh process: that process's peak RSS (ru_maxrss; the layout processes it
   starts are not counted) for 2,000 pages against 500.
4. rerender: the brief of figure 2 rendered with an empty layout cache (dossiers/cache.py), then again after
   one claim's answer in the middle of the brief was edited (the legal division's everyday re-render), against
   a full render of that same edited brief with the cache turned off (the baseline, last: the warmest caches).
   Figures 2 and 3 run with the cache off, so they measure the layout itself.

Each render is split into its phases (from the progress render_job reports) and its sections (pages and the
wall time of each layout process), and says how much CPU other processes used meanwhile: ratios measured
while the machine was busy are worth little. --quick (CI smoke, about 85 s on 2 idle cores): 30 claims,
300 exhibits, bundles of about 100 and 400 pages, one turn of figure 1 without the lean baseline.

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/phpu_bench), migrating it and loading the
official regions and TPS under 13.02 if they are missing. It touches only its own rows (the cases
BENCH_REGISTERS, the election BENCH_ELECTION and all that hangs on them, the evidence and dossier jobs of
the user BENCH_USER), deleting them at the start and the end of each run. Evidence, dossiers and work files
go to a temporary MEDIA_ROOT and DOSSIER_WORK_DIR, removed at the end (--keep keeps them and the rows).
Figures are reported, never judged: the exit status is 0 unless a dossier fails to render.

The data comes from bench/dossier_data.py, the measuring of a render from bench/dossier_probes.py.
"""

import argparse
import json
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# From this script's folder (sys.path[0]); they import Django and the apps only inside their functions.
from dossier_data import (
    BRIEF_CASE,
    BUNDLE_CASE_LARGE,
    BUNDLE_CASE_SMALL,
    REGENCY,
    SECTION_CASE,
    Scans,
    World,
    bench_user,
    bundle_exhibits,
    clean,
    make_case,
    make_world,
    prepare_database,
    small_pdf,
    store_evidence,
)
from dossier_probes import MB, Others, cpu_times, render, request, rss_now, seconds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/, so that `dossiers` is the app, not this file
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/phpu_bench")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
for _key in ("S3_BUCKET", "REDIS_URL"):  # evidence and dossiers on local disk; no task is sent anyway
    os.environ.pop(_key, None)


@dataclass(frozen=True)
class Sizes:
    repeats: int  # turns of figure 1
    claims: int
    exhibits: int
    bundle_pages: tuple[int, int]


FULL = Sizes(repeats=5, claims=300, exhibits=6000, bundle_pages=(500, 2000))
QUICK = Sizes(repeats=1, claims=30, exhibits=300, bundle_pages=(100, 400))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a CI smoke run (about a minute)")
    parser.add_argument(
        "--only",
        action="append",
        choices=["section", "parallel", "bundle", "rerender"],
        help="run only this figure (repeatable)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary MEDIA_ROOT and the bench rows")
    parser.add_argument("--bundle-child", type=int, metavar="JOB", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- set-up ---------------------------------------------------------------------------------------------


def setup_django(base: Path | None) -> None:
    if base is not None:
        os.environ["MEDIA_ROOT"] = str(base / "media")
        os.environ["DOSSIER_WORK_DIR"] = str(base / "work")
        (base / "work").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


# --- figures ------------------------------------------------------------------------------------------------


# Bare WeasyPrint in a process of its own that holds nothing else (no Django): reads an HTML path per
# line, lays it out, answers with its wall and CPU seconds. Started once and warmed up like this process.
LEAN = """
import json, sys, time
from weasyprint import HTML
for line in sys.stdin:
    html = open(line.strip(), encoding="utf-8").read()
    wall, cpu = time.perf_counter(), time.process_time()
    HTML(string=html).write_pdf()
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}), flush=True)
"""


def figure_section(world: World, sizes: Sizes, workdir: Path) -> dict:
    """Figure 1: one claims section, ours (plan + its own layout process) against bare WeasyPrint on the very
    HTML our run laid out: in this process (as the issue asks), and in a lean warmed-up process of its own.
    The three run in turn, `repeats` times after a warm-up; medians of each and of the per-turn ratios.
    CPU seconds are shown beside the wall times: they depend less on what else the machine does."""
    import weasyprint
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dossiers import content
    from dossiers.pdf import Section, lay_out

    # As many claims of 4 TPS (20 figure rows, weight 2 + 20 / 10) as brief_plan puts in one section.
    claims = max(1, int(content.CLAIM_WEIGHT_PER_SECTION // 4))
    case = make_case(world, SECTION_CASE, claims=claims, tps_per_claim=lambda i: 4, exhibits=40, evidence=[])
    job = request(world.user, "brief", case)
    html_path = workdir / "bare.html"

    def plan():
        plan_s, brief = seconds(lambda: content.brief_plan(job))
        section = [s for s in brief.sections if s.name.startswith("claims")]
        if len(section) != 1:
            sys.exit(f"expected one claims section, got {len(section)}")
        html_path.write_text(section[0].html, encoding="utf-8")
        return plan_s, section

    def ours():
        cpu0 = cpu_times()
        plan_s, section = plan()
        layout_s, (laid,) = seconds(lambda: lay_out(section, workdir, processes=1))
        cpu1 = cpu_times()
        cpu = (cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1])
        return {"plan": plan_s, "layout": layout_s, "wall": plan_s + layout_s, "cpu": cpu, "pages": laid.pages}

    def bare(path=html_path):
        html = path.read_text(encoding="utf-8")
        cpu0 = cpu_times()[0]
        wall = seconds(lambda: weasyprint.HTML(string=html).write_pdf())[0]
        return {"wall": wall, "cpu": cpu_times()[0] - cpu0}

    full = sizes.repeats > 1  # --quick: no lean baseline, and the warm-up on an empty page (to save the time)
    lean = subprocess.Popen(
        [sys.executable, "-c", LEAN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=workdir
    )

    def lean_bare(path=html_path):
        if not full and path == html_path:
            return {"wall": math.nan, "cpu": math.nan}
        lean.stdin.write(f"{path}\n")
        lean.stdin.flush()
        return json.loads(lean.stdout.readline())

    empty = workdir / "empty.html"
    empty.write_text(f"<!DOCTYPE html><html><head><style>{content.css()}</style></head><body><p>.</p></body></html>")
    try:
        # Warm-up: templates and the connection for the plan (a layout process always starts cold); fonts and
        # caches for the bare runs, on the section itself.
        with CaptureQueriesContext(connection) as queries:
            plan()
        warm_on = html_path if full else empty
        bare(warm_on), lean_bare(warm_on)
        runs = []
        with Others() as others:
            for _ in range(sizes.repeats):
                runs.append({"ours": ours(), "bare": bare(), "lean": lean_bare()})
        tries = range(min(3, sizes.repeats))
        startup = statistics.median(
            seconds(lambda: lay_out([Section("empty", empty.read_text())], workdir, processes=1))[0] for _ in tries
        )
        startup_lean = statistics.median(lean_bare(empty)["wall"] for _ in tries)
    finally:
        lean.stdin.close()
        lean.wait()

    def median(key, field):
        return statistics.median(run[key][field] for run in runs)

    def ratio(key, field="wall"):
        return statistics.median(run["ours"][field] / run[key][field] for run in runs)

    html = html_path.read_text(encoding="utf-8")
    return {
        "claims": claims,
        "rows": sum(len(c.figures.all()) for c in case.claims.prefetch_related("figures")),
        "pages": runs[-1]["ours"]["pages"],
        "html_kb": len(html.encode()) / 1024,
        "queries": len(queries.captured_queries),
        "runs": sizes.repeats,
        **{field: median("ours", field) for field in ("plan", "layout", "wall", "cpu")},
        "spread": [min(r["ours"]["wall"] for r in runs), max(r["ours"]["wall"] for r in runs)],
        "bare": median("bare", "wall"),
        "bare_cpu": median("bare", "cpu"),
        "lean": median("lean", "wall"),
        "lean_cpu": median("lean", "cpu"),
        "ratio_bare": ratio("bare"),
        "ratio_lean": ratio("lean"),
        "ratio_lean_cpu": ratio("lean", "cpu"),
        "fixed": startup - startup_lean,
        "others": others.text(),
    }


def brief_case(world: World, sizes: Sizes):
    """The case of figures 2 and 4 (made once): `sizes.claims` claims of 3 to 5 TPS, `sizes.exhibits` exhibits."""
    from cases.models import Case

    case = Case.objects.filter(register_number=BRIEF_CASE).first()
    if case is not None:
        return case
    # One exhibit in ten has a file (a typed one-page letter): the manifest lists a tenth of the exhibits.
    letters = (
        (f"bench-surat-{i:05d}.pdf", "application/pdf", lambda i=i: small_pdf(f"Surat nomor {i} / bench"))
        for i in range(sizes.exhibits // 10)
    )
    files = store_evidence(world, letters)
    evidence = [[files[i // 10]] if i % 10 == 0 else [] for i in range(sizes.exhibits)]
    rng = random.Random(7)
    make_case(
        world,
        BRIEF_CASE,
        claims=sizes.claims,
        tps_per_claim=lambda i: rng.randint(3, 5),
        exhibits=sizes.exhibits,
        evidence=evidence,
    )
    case = Case.objects.get(register_number=BRIEF_CASE)
    case.bench_files = len(files)
    return case


def figure_parallel(world: World, sizes: Sizes) -> dict:
    """Figure 2: the whole brief on 1 and 2 layout processes, and the exhibit list (layout cache off)."""
    from django.conf import settings

    from cases.models import ClaimFigure

    case = brief_case(world, sizes)
    rows = ClaimFigure.objects.filter(claim__case=case).count()
    out = {"claims": sizes.claims, "rows": rows, "exhibits": sizes.exhibits, "files": getattr(case, "bench_files", 0)}
    cache_bytes, settings.DOSSIER_CACHE_MAX_BYTES = settings.DOSSIER_CACHE_MAX_BYTES, 0
    try:
        # The run being compared against goes second, with every cache as warm as ours had it.
        for processes in (2, 1):
            settings.DOSSIER_RENDER_PROCESSES = processes
            out[processes] = render(request(world.user, "brief", case))
        settings.DOSSIER_RENDER_PROCESSES = 2
        out["list"] = render(request(world.user, "exhibit_list", case))
    finally:
        settings.DOSSIER_CACHE_MAX_BYTES = cache_bytes
    return out


def figure_rerender(world: World, sizes: Sizes) -> dict:
    """Figure 4: the brief with an empty layout cache, then after editing one claim's answer (ours), against a
    full render of the edited brief with the cache off (the baseline, last), all on 2 layout processes."""
    from django.conf import settings

    from cases.models import Claim
    from dossiers.cache import cache_storage

    def brief():
        job = request(world.user, "brief", case)
        result = render(job)
        job.refresh_from_db()
        return {**result, "layout": job.manifest.get("layout") or {}}

    case = brief_case(world, sizes)
    shutil.rmtree(cache_storage().location, ignore_errors=True)  # this run's own cache, under its MEDIA_ROOT
    settings.DOSSIER_RENDER_PROCESSES = 2
    cold = brief()
    claims = list(Claim.objects.filter(case=case).order_by("position"))
    claim = claims[len(claims) // 2]
    claim.response = f"{claim.response} Termohon menambahkan keterangan baru atas dalil ini (bench)."
    claim.save(update_fields=["response"])
    edited = brief()
    cache_bytes, settings.DOSSIER_CACHE_MAX_BYTES = settings.DOSSIER_CACHE_MAX_BYTES, 0
    try:
        baseline = brief()
    finally:
        settings.DOSSIER_CACHE_MAX_BYTES = cache_bytes
    cached_mb = sum(f.stat().st_size for f in Path(cache_storage().location).rglob("*") if f.is_file()) / MB
    return {"claims": len(claims), "cold": cold, "edited": edited, "baseline": baseline, "cache_mb": cached_mb}


def figure_bundle(world: World, sizes: Sizes) -> dict:
    """Figure 3: bundles of about `sizes.bundle_pages` pages, each rendered in a fresh process. The small
    bundle's exhibits are the first ones of the large bundle (the same files, linked to both cases)."""
    small, large = sizes.bundle_pages
    started = time.perf_counter()
    scans = Scans(seed=3)
    per_exhibit = bundle_exhibits(scans, large)
    stored = iter(store_evidence(world, ((f.name, f.mime, f.make) for files in per_exhibit for f in files)))
    evidence = [[next(stored) for _ in files] for files in per_exhibit]
    generated = {
        "files": sum(map(len, evidence)),
        "mb": sum(e.size for files in evidence for e in files) / MB,
        "seconds": time.perf_counter() - started,
    }
    count, pages = 0, 0
    while pages < small:
        pages += 1 + sum(f.pages for f in per_exhibit[count])
        count += 1
    results = []
    for register, exhibits in ((BUNDLE_CASE_SMALL, evidence[:count]), (BUNDLE_CASE_LARGE, evidence)):
        case = make_case(
            world, register, claims=3, tps_per_claim=lambda i: 1, exhibits=len(exhibits), evidence=exhibits
        )
        job = request(world.user, "bundle", case)
        # Through a shell that forks: a process exec'd straight from this one would start with this
        # process's peak RSS as its ru_maxrss (Linux carries the old image's high-water mark over exec).
        child = subprocess.run(
            ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, __file__, "--bundle-child", str(job.pk)],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            sys.exit(f"bundle render failed:\n{child.stdout}\n{child.stderr}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["exhibits"] = len(exhibits)
        result["files"] = sum(map(len, exhibits))
        result["source_mb"] = sum(e.size for files in exhibits for e in files) / MB
        results.append(result)
    return {"generated": generated, "runs": results}


def bundle_child(job_id: int) -> int:
    """In a fresh process: render one bundle job; print its time, pages and this process's peak RSS."""
    setup_django(None)
    import img2pdf  # noqa: F401  (imported here so the baseline holds every module the render uses)
    import pikepdf  # noqa: F401
    from PIL import Image  # noqa: F401

    from dossiers import jobs  # noqa: F401
    from dossiers.models import DossierJob

    job = DossierJob.objects.get(pk=job_id)
    before = rss_now()
    result = render(job)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({**result, "rss_before": before, "rss_peak": peak}))
    return 0


# --- report -------------------------------------------------------------------------------------------------


def phases_text(phases: dict) -> str:
    return ", ".join(f"{name} {value:.1f}" for name, value in phases.items())


def report_section(r: dict) -> None:
    print(
        f"1. one brief section: {r['claims']} claims, {r['rows']} figure rows -> {r['pages']} pages "
        f"({r['html_kb']:.0f} KB of HTML, {r['queries']} queries to plan); median of {r['runs']} runs "
        f"({r['others']}):"
    )
    print(
        f"   ours {r['wall']:.2f}s (plan {r['plan']:.2f}s + lay_out in its own process {r['layout']:.2f}s; "
        f"runs {r['spread'][0]:.2f}-{r['spread'][1]:.2f}s, CPU {r['cpu']:.2f}s)"
    )
    print(
        f"   vs bare WeasyPrint in this process {r['bare']:.2f}s (CPU {r['bare_cpu']:.2f}s) -> ratio "
        f"{r['ratio_bare']:.2f} (target <= 1.15)"
    )
    if not math.isnan(r["lean"]):
        print(
            f"   vs bare WeasyPrint in a lean warmed-up process {r['lean']:.2f}s (CPU {r['lean_cpu']:.2f}s) -> "
            f"ratio {r['ratio_lean']:.2f} (CPU {r['ratio_lean_cpu']:.2f})"
        )
    print(f"   fixed cost of a layout process (an empty section, lay_out minus lean): {r['fixed']:.2f}s")


def sections_text(sections: dict) -> str:
    slowest, pages = sections["slowest"], sections["pages"]
    front = "".join(f", front matter {f['pages']} pages {f['seconds']:.1f}s" for f in sections["front"])
    return (
        f"{sections['count']} sections of {min(pages)}-{max(pages)} pages, layout processes {sections['busy']:.1f}s "
        f"in all, slowest {slowest['name']} ({slowest['pages']} pages) {slowest['seconds']:.1f}s{front}"
    )


def report_parallel(r: dict) -> None:
    one, two = r[1], r[2]
    print(
        f"2. brief: {r['claims']} claims, {r['rows']:,} figure rows, {r['exhibits']:,} exhibits, "
        f"{r['files']:,} evidence files -> {two['pages']:,} pages ({two['mb']:.1f} MB)"
    )
    print(
        f"   1 process {one['seconds']:.1f}s, 2 processes {two['seconds']:.1f}s -> ratio "
        f"{two['seconds'] / one['seconds']:.2f} (target <= 0.6)"
    )
    for label, run in (("1 process", one), ("2 processes", two)):
        print(f"   {label} (s): {phases_text(run['phases'])}; {run['others']}")
        print(f"      {sections_text(run['sections'])}")
    lst = r["list"]
    print(
        f"   exhibit list of {r['exhibits']:,} exhibits: {lst['pages']:,} pages ({lst['mb']:.1f} MB) in "
        f"{lst['seconds']:.1f}s on 2 processes ({phases_text(lst['phases'])}; {lst['others']})"
    )
    print(f"      {sections_text(lst['sections'])}")


def report_rerender(r: dict) -> None:
    cold, edited, baseline = r["cold"], r["edited"], r["baseline"]
    print(
        f"4. brief re-render after editing one claim of {r['claims']} ({edited['pages']:,} pages, 2 processes; "
        f"layout cache {r['cache_mb']:.0f} MB):"
    )
    print(
        f"   re-render {edited['seconds']:.1f}s vs full render without the cache {baseline['seconds']:.1f}s -> "
        f"ratio {edited['seconds'] / baseline['seconds']:.2f} (target <= 0.20)"
    )
    filling = cold["seconds"] / baseline["seconds"]
    print(f"   first render, filling the cache: {cold['seconds']:.1f}s (ratio {filling:.2f} to the render without it)")
    for label, run in (("re-render", edited), ("first render", cold), ("without cache", baseline)):
        layout = run["layout"]
        print(
            f"   {label}: {layout.get('reused', 0)} of {layout.get('sections', 0)} sections reused; "
            f"phases (s): {phases_text(run['phases'])}; {run['others']}"
        )


def report_bundle(figure: dict) -> None:
    results, generated = figure["runs"], figure["generated"]
    small, large = results
    print(
        f"3. evidence bundle, each rendered in a fresh process (peak RSS = ru_maxrss of that process); "
        f"{generated['files']:,} scan files of {generated['mb']:,.0f} MB generated in {generated['seconds']:.0f}s:"
    )
    for r in results:
        print(
            f"   {r['pages']:,} pages ({r['exhibits']:,} exhibits, {r['files']:,} files of {r['source_mb']:.0f} MB "
            f"-> {r['mb']:.0f} MB PDF): "
            f"{r['seconds']:.1f}s; RSS before {r['rss_before'] / MB:.0f} MB, at merge {r['rss_merge'] / MB:.0f} MB, "
            f"peak {r['rss_peak'] / MB:.0f} MB (+{(r['rss_peak'] - r['rss_before']) / MB:.0f} MB)"
        )
        print(f"      phases (s): {phases_text(r['phases'])}; {r['others']}")
        print(f"      {sections_text(r['sections'])}")
    growth = [(r["rss_peak"] - r["rss_before"]) / MB for r in results]
    print(
        f"   {large['pages'] / small['pages']:.1f}x the pages -> peak RSS ratio "
        f"{large['rss_peak'] / small['rss_peak']:.2f}, "
        f"growth {growth[0]:.0f} -> {growth[1]:.0f} MB, time ratio {large['seconds'] / small['seconds']:.2f}"
    )


def main() -> int:
    args = parse_args()
    if args.bundle_child is not None:
        return bundle_child(args.bundle_child)
    sizes = QUICK if args.quick else FULL
    only = set(args.only or ["section", "parallel", "bundle", "rerender"])
    base = Path(tempfile.mkdtemp(prefix="phpu-dossier-bench-"))
    started = time.perf_counter()
    try:
        setup_django(base)
        import weasyprint
        from django.db import connection

        prepare_database()
        clean()
        world = make_world(bench_user())
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
            server = cursor.fetchone()[0].split(" on ")[0]
        load = os.getloadavg()[0]
        print(
            f"{'quick' if args.quick else 'full'} run · {server} · Python {sys.version.split()[0]} · "
            f"WeasyPrint {weasyprint.__version__} · {os.cpu_count()} CPUs (load {load:.1f}) · "
            f"{len(world.tps):,} TPS under {REGENCY}",
            flush=True,
        )
        if load > 0.5 * (os.cpu_count() or 1):
            print("   the machine is busy: wall times, and the parallel ratio above all, are unreliable", flush=True)
        if "section" in only:
            report_section(figure_section(world, sizes, base / "work"))
        if "parallel" in only:
            report_parallel(figure_parallel(world, sizes))
        if "bundle" in only:
            report_bundle(figure_bundle(world, sizes))
        if "rerender" in only:
            report_rerender(figure_rerender(world, sizes))
        if not args.keep:
            clean()
    finally:
        if args.keep:
            print(f"kept {base} and the bench rows")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
