"""Load test: simulated users against gunicorn on loopback, with PostgreSQL, Redis and a real Celery worker.

    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/load.py            # 50 users, 5 minutes, 1-20 MB uploads
    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/load.py --short    # CI: 10 users, 20 s, 1-3 MB uploads

A throw-away site: the database phpu_bench_load (dropped and made afresh), Redis database 13, media in a
temporary folder; the demo data of `make run` (Kabupaten Solok, its users, problems, evidence and MK case).
gunicorn (docker/gunicorn.conf.py, --workers 4) and `celery worker` (concurrency 1: the second core is the
web's) run as in production. Each simulated user signs in through the login page as one of the demo
accounts and then, with 0.5-2 s of thinking between requests, does what that role does:
    commissioner   dashboard (a kecamatan now and then), search, problem list with filters
    PPK            problem list with filters, evidence list (API), evidence uploads (a 1-20 MB video)
    legal          case page, dossier requests (exhibit list, now and then the Jawaban Termohon), dossier list
Every response is checked (status and, for uploads, the SHA-256 the server reports). After the run the
script waits for the worker to finish the dossiers, then checks every upload: its row holds the SHA-256
computed here and the stored file hashes to it; and runs `check_integrity` over the whole site.

Prints throughput and p50/p95/p99 per request kind. Exit status 1 on any error or lost upload (those are
failures, not timings); the timings are reported, never judged.
"""

import argparse
import collections
import hashlib
import os
import random
import re
import secrets
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024
DATABASE = "phpu_bench_load"
PASSWORD = "siaga-demo-2024"  # noqa: S105 - the demo accounts' published password (accounts/management/commands/load_demo.py)
ROLES = {
    "commissioner": ["komisioner.solok"],
    "ppk": ["ppk.pantaicermin", "ppk.lembahgumanti"],
    "legal": ["hukum.solok"],
}
MIX = ["commissioner"] * 2 + ["ppk"] * 3 + ["legal"]  # of every six users


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="CI: 10 users for 20 s, uploads of 1-3 MB")
    parser.add_argument("--users", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--keep", action="store_true", help="keep the temporary media folder")
    args = parser.parse_args()
    args.users = args.users or (10 if args.short else 50)
    args.seconds = args.seconds or (20 if args.short else 300)
    args.upload_mb = (1, 3) if args.short else (1, 20)
    return args


# --- the site ---------------------------------------------------------------------------------------------


def configure(base: Path) -> dict[str, str]:
    pg = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    env = {
        "DJANGO_SETTINGS_MODULE": "phpu.settings",
        "DEBUG": "false",
        "DEMO_MODE": "true",  # the demo accounts; with it, no second factor is asked (README, Security)
        "SECRET_KEY": secrets.token_urlsafe(40),
        "VAR_DIR": str(base / "var"),
        "MEDIA_ROOT": str(base / "media"),
        "FILE_UPLOAD_TEMP_DIR": str(base / "uploads"),
        "DATABASE_URL": f"{pg}/{DATABASE}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
        "DOSSIER_RENDER_PROCESSES": "1",
    }
    os.environ.pop("S3_BUCKET", None)
    (base / "uploads").mkdir(parents=True)
    (base / "var").mkdir()
    os.environ.update(env)
    return env


def recreate_database(env) -> None:
    url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    for sql in (f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", f"CREATE DATABASE {DATABASE}"):
        subprocess.run(["psql", url, "-qc", sql], check=True, capture_output=True)
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "FLUSHDB"], check=False, capture_output=True)


@dataclass
class Site:
    tokens: dict[str, str]
    tps: dict[str, list[str]]  # PPK username -> TPS codes of their kecamatan
    case_id: int
    kecamatan: list[str]


def prepare_site() -> Site:
    import django

    django.setup()
    import collected
    from django.core.management import call_command
    from django.db import connections

    from accounts.models import User
    from accounts.services import token_create
    from phpu.demo.cases import demo_cases
    from regions.models import Region

    call_command("migrate", verbosity=0)
    collected.provide(Path(os.environ["VAR_DIR"]) / "staticfiles")
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    tokens = {
        name: token_create(user=User.objects.get(username=name)).key for names in ROLES.values() for name in names
    }
    tps = {}
    for name in ROLES["ppk"]:
        region = User.objects.get(username=name).assignments.get().region
        tps[name] = list(
            Region.objects.filter(code__startswith=region.code + ".", level="tps").values_list("code", flat=True)
        )
    kecamatan = list(Region.objects.filter(parent_id="13.02").values_list("code", flat=True))
    case_id = demo_cases().get().pk
    connections.close_all()
    return Site(tokens, tps, case_id, kecamatan)


def start_servers(base: Path, port: int) -> list[subprocess.Popen]:
    log = (base / "servers.log").open("w")
    web = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "phpu.wsgi", "-c", "docker/gunicorn.conf.py", "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "phpu", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).status_code == 200:
                    return [web, worker]
            except (requests.ConnectionError, requests.Timeout):  # still starting, or slow to answer at first
                pass
            time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer; see {base / 'servers.log'}")
    except BaseException:
        # Nobody else holds these yet: a worker left behind would take the next run's jobs with this
        # run's (deleted) media folder, and fail them as "stored file missing".
        for process in (web, worker):
            process.kill()
            process.wait(timeout=30)
        raise


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the simulated users -----------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Upload:
    evidence_id: int
    sha256: str
    size: int


@dataclass
class Record:
    results: list[Result] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)


def video(rng: random.Random, size: int) -> bytes:
    """An MP4 libmagic recognises (an ftyp box, then an mdat box of random bytes): different bytes each time."""
    head = struct.pack(">I", 32) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    body = rng.randbytes(size - len(head) - 8)
    return head + struct.pack(">I", len(body) + 8) + b"mdat" + body


class User(threading.Thread):
    def __init__(self, number: int, role: str, base_url: str, site: Site, args, record: Record, stop: threading.Event):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.role, self.base, self.site, self.args, self.record, self.stop = role, base_url, site, args, record, stop
        self.username = self.rng.choice(ROLES[role])
        self.http = requests.Session()
        self.api = {"Authorization": f"Token {site.tokens[self.username]}"}

    def timed(self, kind: str, method: str, path: str, expect: int = 200, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=120, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            self.record.add(Result(kind, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}"))
            return None
        ok = response.status_code == expect
        detail = "" if ok else f"{method} {path}: {response.status_code} {response.text[:200]!r}"
        self.record.add(Result(kind, time.perf_counter() - started, ok, detail))
        return response if ok else None

    def sign_in(self) -> bool:
        page = self.timed("sign-in", "GET", "/accounts/login/")
        if page is None:
            return False
        token = self.http.cookies.get("csrftoken")
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        return self.timed("sign-in", "POST", "/accounts/login/", expect=302, data=data) is not None

    def run(self):
        if not self.sign_in():
            return
        actions = {
            "commissioner": [(self.dashboard, 4), (self.search, 3), (self.problem_list, 3)],
            "ppk": [(self.problem_list, 4), (self.evidence_api, 3), (self.upload, 2)],
            "legal": [(self.case_page, 3), (self.dossier_request, 0.3), (self.dossier_list, 2)],
        }[self.role]
        functions, weights = zip(*actions, strict=True)
        while not self.stop.is_set():
            self.rng.choices(functions, weights)[0]()
            self.stop.wait(self.rng.uniform(0.5, 2.0))

    def dashboard(self):
        code = self.rng.choice(["13.02"] * 3 + self.site.kecamatan)
        self.timed("dashboard", "GET", f"/dashboard/{code}/")

    def search(self):
        word = self.rng.choice(["suara", "kotak", "C.Hasil", "intimidasi", "Surian", "saksi"])
        self.timed("search", "GET", "/search/", params={"q": word})

    def problem_list(self):
        params = self.rng.choice(
            [{}, {"stage": "penghitungan"}, {"status": "new", "risk": "high"}, {"q": "suara"}, {"region": "13.02.03"}]
        )
        self.timed("problem list", "GET", "/inventory/problems/", params=params)

    def evidence_api(self):
        params = self.rng.choice([{}, {"kind": "c_hasil"}, {"verification": "pending"}])
        self.timed("evidence list (API)", "GET", "/api/evidence/", params=params, headers=self.api)

    def upload(self):
        low, high = self.args.upload_mb
        data = video(self.rng, self.rng.randint(low * MB, high * MB))
        digest = hashlib.sha256(data).hexdigest()
        region = self.rng.choice(self.site.tps[self.username])
        response = self.timed(
            "evidence upload",
            "POST",
            "/api/evidence/",
            expect=201,
            headers=self.api,
            data={"kind": "video", "region": region, "description": "Video penghitungan suara (uji beban)"},
            files={"file": (f"penghitungan-{digest[:8]}.mp4", data, "video/mp4")},
        )
        if response is None:
            return
        body = response.json()
        if body.get("sha256") != digest:
            self.record.add(Result("evidence upload", 0, False, f"server hash {body.get('sha256')} != {digest}"))
        with self.record.lock:
            self.record.uploads.append(Upload(body["id"], digest, len(data)))

    def case_page(self):
        self.timed("case page", "GET", f"/cases/{self.site.case_id}/")

    def dossier_request(self):
        kind = self.rng.choice(["exhibit_list"] * 4 + ["brief"])
        self.timed(
            "dossier request", "POST", "/api/dossiers/", expect=202, headers=self.api,
            json={"kind": kind, "case": self.site.case_id},
        )  # fmt: skip

    def dossier_list(self):
        self.timed("dossier list", "GET", "/dossiers/")


# --- after the run ------------------------------------------------------------------------------------------


def wait_for_dossiers(limit: float = 600) -> dict:
    from dossiers.choices import FINISHED
    from dossiers.models import DossierJob

    deadline = time.monotonic() + limit
    while DossierJob.objects.exclude(status__in=FINISHED).exists() and time.monotonic() < deadline:
        time.sleep(2)
    return dict(collections.Counter(DossierJob.objects.values_list("status", flat=True)))


def check_uploads(uploads: list[Upload]) -> list[str]:
    from files.hashing import sha256_stored
    from inventory.models import Evidence
    from inventory.storage import evidence_storage

    rows = Evidence.objects.in_bulk([u.evidence_id for u in uploads])
    problems = []
    for upload in uploads:
        row = rows.get(upload.evidence_id)
        if row is None:
            problems.append(f"evidence #{upload.evidence_id}: no row")
        elif row.sha256 != upload.sha256 or row.size != upload.size:
            problems.append(f"evidence #{upload.evidence_id}: row says {row.sha256}/{row.size}")
        elif sha256_stored(evidence_storage(), row.file.name) != upload.sha256:
            problems.append(f"evidence #{upload.evidence_id}: stored file {row.file.name} does not hash to it")
    return problems


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(record: Record, seconds: float, args, dossiers: dict, lost: list[str], integrity: str) -> int:
    by_kind = collections.defaultdict(list)
    for result in record.results:
        by_kind[result.kind].append(result)
    errors = [r for r in record.results if not r.ok]
    print(f"\n{args.users} users for {seconds:.0f} s: {len(record.results)} requests, "
          f"{len(record.results) / seconds:.1f}/s, {len(errors)} errors")  # fmt: skip
    print(f"{'request':22} {'count':>6} {'per s':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for kind, results in sorted(by_kind.items()):
        ms = [r.seconds * 1000 for r in results]
        print(
            f"{kind:22} {len(results):6} {len(results) / seconds:6.2f} {statistics.median(ms):8.0f} "
            f"{percentile(ms, 95):8.0f} {percentile(ms, 99):8.0f} {sum(not r.ok for r in results):6}"
        )
    stored_mb = sum(u.size for u in record.uploads) / MB
    print(f"uploads: {len(record.uploads)} files, {stored_mb:.0f} MB; stored with the right hash: "
          f"{len(record.uploads) - len(lost)} of {len(record.uploads)}")  # fmt: skip
    print(f"dossier jobs after the run: {dossiers}")
    print(f"check_integrity: {integrity}")
    for error in errors[:10] + [Result("", 0, False, x) for x in lost[:10]]:
        print(f"  ERROR {error.kind} {error.detail}")
    failed = bool(errors or lost or dossiers.get("failed") or "0 missing" not in integrity)
    return 1 if failed else 0


def main() -> int:
    args = parse_args()
    base = Path(tempfile.mkdtemp(prefix="phpu-load-"))
    env = configure(base)
    servers = []
    try:
        print(f"setting up the demo site in {DATABASE} ...", flush=True)
        recreate_database(env)
        site = prepare_site()
        port = free_port()
        servers = start_servers(base, port)
        record, stop = Record(), threading.Event()
        users = [
            User(n, MIX[n % len(MIX)], f"http://127.0.0.1:{port}", site, args, record, stop) for n in range(args.users)
        ]
        print(f"{args.users} users for {args.seconds} s against gunicorn (4 workers) on :{port} ...", flush=True)
        started = time.perf_counter()
        for user in users:
            user.start()
            time.sleep(0.05)  # arrivals spread over the first seconds, as people sign in
        stop.wait(args.seconds)
        stop.set()
        for user in users:
            user.join(timeout=180)
        elapsed = time.perf_counter() - started
        dossiers = wait_for_dossiers()
        lost = check_uploads(record.uploads)
        integrity = subprocess.run(
            [sys.executable, "manage.py", "check_integrity", "--grace", "0"], cwd=ROOT, capture_output=True, text=True
        )
        summary = re.findall(r"Checked .*|\d+ stored files are not referenced.*", integrity.stdout)
        return report(record, elapsed, args, dossiers, lost, " / ".join(summary) or integrity.stderr[-500:])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
