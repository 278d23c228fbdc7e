"""Load test of the readiness dashboard at national scale: 50 commissioners refreshing it at once.

    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/dashboard_load.py [--users 50] [--seconds 60]

Runs on the database of bench/national.py (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
phpu_bench_national: run national.py first, it generates the data), with gunicorn as in production
(docker/gunicorn.conf.py, --workers 4) on loopback. The commissioners are national.py's users (KPU RI, KPU
Provinsi Sumatera Barat, KPU Kabupaten Solok), signed in through the login page (DEMO_MODE: no second
factor; the script sets their password). Each, with 0.5-2 s of thinking between views, refreshes the page
of their level: KPU RI the country (now and then a province), the province its page (now and then a
regency), the regency a kecamatan of theirs. Every response must be 200 and show the dashboard.

Prints p50/p95/p99 per level and in all, and throughput. Exit status 1 on any error; timings are reported,
never judged.
"""

import argparse
import collections
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/phpu_bench_national"
PASSWORD = secrets.token_urlsafe(16)
MIX = ["national", "province", "regency"]  # one in three of each


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    return parser.parse_args()


def prepare(base: Path) -> dict:
    """The users' passwords and the pages each level looks at."""
    import django

    django.setup()
    import collected
    import national_data
    from django.conf import settings
    from django.db import connections

    from accounts.models import User
    from regions.models import Region

    collected.provide(Path(settings.STATIC_ROOT))
    users = {}
    for key in MIX:
        user = User.objects.get(username=national_data.USERS[key])  # national.py made them
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        users[key] = user.username
    pages = {
        "national": [("country", "/dashboard/")] * 4 + [("province", "/dashboard/13/")],
        "province": [("province", "/dashboard/13/")] * 4
        + [
            ("regency", f"/dashboard/{c}/")
            for c in Region.objects.filter(parent_id="13").values_list("code", flat=True)[:5]
        ],
        "regency": [
            ("kecamatan", f"/dashboard/{c}/")
            for c in Region.objects.filter(parent_id=national_data.REGENCY).values_list("code", flat=True)
        ],
    }
    connections.close_all()
    return {"users": users, "pages": pages}


def start_gunicorn(base: Path, port: int, env: dict) -> subprocess.Popen:
    log = (base / "gunicorn.log").open("w")
    web = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "phpu.wsgi", "-c", "docker/gunicorn.conf.py", "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).status_code == 200:
                return web
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.5)
    web.kill()
    web.wait(timeout=30)
    raise SystemExit(f"gunicorn did not answer; see {base / 'gunicorn.log'}")


class Commissioner(threading.Thread):
    def __init__(self, number, level, base_url, site, results, stop):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.level, self.base, self.site, self.results, self.stop = level, base_url, site, results, stop
        self.http = requests.Session()

    def get(self, kind, path, expect=200, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(
                "POST" if "data" in kwargs else "GET", self.base + path, timeout=120, allow_redirects=False, **kwargs
            )
            ok = response.status_code == expect and (expect != 200 or kind == "sign-in" or "dashboard" in response.text)
            detail = "" if ok else f"{path}: {response.status_code}"
        except requests.RequestException as exc:
            ok, detail = False, f"{path}: {type(exc).__name__}"
        self.results.append((kind, time.perf_counter() - started, ok, detail))
        return ok

    def run(self):
        self.get("sign-in", "/accounts/login/")
        data = {
            "username": self.site["users"][self.level],
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.http.cookies.get("csrftoken"),
        }
        if not self.get("sign-in", "/accounts/login/", expect=302, data=data):
            return
        while not self.stop.is_set():
            kind, path = self.rng.choice(self.site["pages"][self.level])
            self.get(kind, path)
            self.stop.wait(self.rng.uniform(0.5, 2.0))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(results, seconds, users) -> int:
    views = [r for r in results if r[0] != "sign-in"]
    errors = [r for r in results if not r[2]]
    print(f"\n{users} commissioners for {seconds:.0f} s: {len(views)} dashboard views, {len(views) / seconds:.1f}/s,")
    print(f"{len(errors)} errors")
    print(f"{'page':12} {'views':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    by_kind = collections.defaultdict(list)
    for kind, took, _ok, _detail in views:
        by_kind[kind].append(took * 1000)
        by_kind["all"].append(took * 1000)
    for kind in ("country", "province", "regency", "kecamatan", "all"):
        ms = by_kind.get(kind)
        if ms:
            p50, p95, p99 = statistics.median(ms), percentile(ms, 95), percentile(ms, 99)
            print(f"{kind:12} {len(ms):6} {p50:8.0f} {p95:8.0f} {p99:8.0f}")
    for kind, _took, _ok, detail in errors[:10]:
        print(f"  ERROR {kind} {detail}")
    return 1 if errors else 0


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("the dashboard load test only writes to a database whose name contains 'bench'")
    base = Path(tempfile.mkdtemp(prefix="phpu-dashboard-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "phpu.settings",
        "DEBUG": "false",
        "DEMO_MODE": "true",  # no second factor for the simulated commissioners (README, Security)
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        "DATABASE_URL": url,
        "VAR_DIR": str(base / "var"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    os.environ.update(env)
    (base / "var").mkdir()
    site = prepare(base)
    port = free_port()
    web = start_gunicorn(base, port, env)
    try:
        results, stop = [], threading.Event()
        users = [
            Commissioner(n, MIX[n % len(MIX)], f"http://127.0.0.1:{port}", site, results, stop)
            for n in range(args.users)
        ]
        print(
            f"{args.users} commissioners for {args.seconds} s against gunicorn (4 workers) on :{port} ...", flush=True
        )
        started = time.perf_counter()
        for user in users:
            user.start()
            time.sleep(0.05)  # arrivals spread over the first seconds
        stop.wait(args.seconds)
        stop.set()
        for user in users:
            user.join(timeout=180)
        return report(results, time.perf_counter() - started, args.users)
    finally:
        web.terminate()
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            web.kill()


if __name__ == "__main__":
    sys.exit(main())
