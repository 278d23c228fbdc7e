"""Upload memory benchmark: stream a large video through a real gunicorn worker and watch its memory.

    .venv/bin/python bench/upload_memory.py [--size-mb 500] [--target page|api] [--keep]

A throw-away site (temporary VAR_DIR, MEDIA_ROOT and SQLite database, DEBUG=false) is migrated, given
one kecamatan and a PPK user, and served by gunicorn with the production config (docker/gunicorn.conf.py)
and one sync worker. The script logs in through the login page, uploads a generated MP4 of --size-mb
to the evidence upload page (or POST /api/evidence/) as a streamed multipart body, and samples the
worker's RSS (with any children) every 50 ms. It reports peak RSS minus the RSS before the upload,
wall time, throughput, and the ratio upload time / `sha256sum` time on the same file in the same run;
it checks the stored file's SHA-256. Exit status 1 if the peak grew more than --limit-mb (100) or the
stored file does not match. See bench/README.md.
"""

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024
REGION_CODES = ("13", "13.02", "13.02.03", "13.02.03.2002")
TPS = "13.02.03.2002.001"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=500, help="size of the generated video (default 500)")
    parser.add_argument("--target", choices=["page", "api"], default="page", help="upload page or POST /api/evidence/")
    parser.add_argument("--limit-mb", type=int, default=100, help="fail above this peak RSS growth (default 100)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site folder")
    return parser.parse_args()


def configure(base: Path, size_mb: int) -> dict[str, str]:
    """Environment of the throw-away site, shared by this process (setup, checks) and gunicorn."""
    env = {
        "DJANGO_SETTINGS_MODULE": "phpu.settings",
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "VAR_DIR": str(base / "var"),
        "MEDIA_ROOT": str(base / "var" / "media"),
        "DATABASE_URL": f"sqlite:///{base / 'var' / 'db.sqlite3'}",
        "FILE_UPLOAD_TEMP_DIR": str(base / "uploads"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EVIDENCE_MAX_MB": str(max(1024, size_mb + 100)),
        "LOG_LEVEL": "WARNING",
    }
    for key in ("REDIS_URL", "S3_BUCKET"):  # evidence on local disk, tasks on the embedded broker
        os.environ.pop(key, None)
    (base / "uploads").mkdir(parents=True)
    os.environ.update(env)
    return env


def prepare_site(password: str) -> None:
    import django

    django.setup()
    import collected
    from django.core.management import call_command
    from django.db import connections

    from accounts.choices import Role
    from accounts.services import user_create
    from regions.models import Region
    from regions.services import official_rows, region_bulk_load

    call_command("migrate", verbosity=0)
    collected.provide(Path(os.environ["VAR_DIR"]) / "staticfiles")
    region_bulk_load([(code, name) for code, name in official_rows() if code in REGION_CODES] + [(TPS, "TPS 001")])
    user_create(
        actor=None,
        username="bench.ppk",
        full_name="PPK Pantai Cermin (bench)",
        role=Role.PPK,
        region=Region.objects.get(code="13.02.03"),
        password=password,
    )
    connections.close_all()


def make_video(path: Path, size: int) -> None:
    """An MP4-looking file: an ftyp box libmagic recognises, then one mdat box of random bytes, written
    to disk in 1 MB chunks (never held in memory)."""
    head = struct.pack(">I", 32) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    mdat = size - len(head)
    with path.open("wb") as out:
        out.write(head + struct.pack(">I", mdat) + b"mdat")
        left = mdat - 8
        while left > 0:
            chunk = os.urandom(min(MB, left))
            out.write(chunk)
            left -= len(chunk)


def sha256sum(path: Path) -> tuple[str, float]:
    started = time.perf_counter()
    output = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True).stdout
    return output.split()[0], time.perf_counter() - started


def file_sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(MB), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, log: Path, threads: int = 1) -> subprocess.Popen:
    server_env = {
        **os.environ,
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_TIMEOUT": "600",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "--config", str(ROOT / "docker" / "gunicorn.conf.py"), "phpu.wsgi:application"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=server_env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited early; see {log}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start listening within 30 s")


def worker_of(server: subprocess.Popen):
    import psutil

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = psutil.Process(server.pid).children()
        if children:
            return children[0]
        time.sleep(0.05)
    sys.exit("no gunicorn worker found")


def rss(process) -> int:
    """Resident memory of the worker and anything it started."""
    import psutil

    total = 0
    for proc in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


class Sampler(threading.Thread):
    """Samples RSS every `interval` seconds until stopped; keeps the peak."""

    def __init__(self, process, interval=0.05):
        super().__init__(daemon=True)
        self.process, self.interval = process, interval
        self.peak = self.samples = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, rss(self.process))
            self.samples += 1
            self.done.wait(self.interval)

    def stop(self):
        self.done.set()
        self.join()
        self.peak = max(self.peak, rss(self.process))


def log_in(base_url: str, password: str):
    import requests

    session = requests.Session()
    login = f"{base_url}/accounts/login/"
    session.get(login, timeout=30).raise_for_status()
    response = session.post(
        login,
        data={"username": "bench.ppk", "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": login},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        sys.exit(f"login failed: HTTP {response.status_code}")
    return session


def upload(session, base_url: str, target: str, path: Path, name: str):
    """POST the file as a streamed multipart body; return the response."""
    from requests_toolbelt import MultipartEncoder

    token = session.cookies["csrftoken"]
    with path.open("rb") as f:
        if target == "api":
            url = f"{base_url}/api/evidence/"
            fields = {"kind": "video", "region": TPS, "description": "bench", "file": (name, f, "video/mp4")}
        else:
            url = f"{base_url}/inventory/evidence/upload/"
            fields = {
                "csrfmiddlewaretoken": token,
                "kind": "video",
                "region": TPS,
                "description": "bench",
                "files": (name, f, "video/mp4"),
            }
        body = MultipartEncoder(fields=fields)
        headers = {"Content-Type": body.content_type, "Referer": url, "X-CSRFToken": token}
        return session.post(url, data=body, headers=headers, timeout=900)


def stored_path(name: str) -> tuple[Path, str]:
    from inventory.models import Evidence
    from inventory.storage import evidence_storage

    evidence = Evidence.objects.filter(original_name=name).first()
    if evidence is None:
        sys.exit(f"no evidence stored for {name}")
    return Path(evidence_storage().path(evidence.file.name)), evidence.sha256


def main() -> int:
    args = parse_args()
    import psutil

    base = Path(tempfile.mkdtemp(prefix="phpu-upload-bench-"))
    server = None
    try:
        env = configure(base, args.size_mb)
        password = secrets.token_urlsafe(16)
        started = time.perf_counter()
        prepare_site(password)
        print(f"site ready in {time.perf_counter() - started:.1f}s ({base})")

        video, small = base / "bench.mp4", base / "warmup.mp4"
        started = time.perf_counter()
        make_video(video, args.size_mb * MB)
        make_video(small, MB)
        print(f"generated {args.size_mb} MB video in {time.perf_counter() - started:.1f}s")
        source_hash, sha_seconds = sha256sum(video)

        port = free_port()
        server = start_gunicorn(env, port, base / "gunicorn.log")
        worker = worker_of(server)
        base_url = f"http://127.0.0.1:{port}"
        session = log_in(base_url, password)
        # Warm-up: one small upload loads every module the upload path imports (libmagic, Pillow...),
        # so the baseline is the worker ready to serve, and the growth is what the large file costs.
        warm = upload(session, base_url, args.target, small, "warmup.mp4")
        if warm.status_code not in (200, 201):
            sys.exit(f"warm-up upload failed: HTTP {warm.status_code}\n{warm.text[:2000]}")
        time.sleep(0.3)
        baseline = rss(worker)

        sampler = Sampler(worker)
        sampler.start()
        started = time.perf_counter()
        response = upload(session, base_url, args.target, video, "bench.mp4")
        seconds = time.perf_counter() - started
        sampler.stop()
        if response.status_code not in (200, 201):
            sys.exit(f"upload failed: HTTP {response.status_code}\n{response.text[:2000]}")

        path, recorded_hash = stored_path("bench.mp4")
        stored_hash = file_sha256(path)
        intact = stored_hash == recorded_hash == source_hash
        growth = sampler.peak - baseline
        size = video.stat().st_size
        cpus = psutil.cpu_count()
        print(f"Python {sys.version.split()[0]} · {cpus} CPUs · gunicorn 1 sync worker · target {args.target}")
        print(f"file: {size / MB:.0f} MB ({size:,} bytes), stored {path.stat().st_size:,} bytes")
        print(f"sha256sum baseline: {sha_seconds:.2f}s ({size / MB / sha_seconds:.0f} MB/s)")
        ratio = seconds / sha_seconds
        print(f"upload: {seconds:.2f}s ({size / MB / seconds:.0f} MB/s) -> ratio {ratio:.2f} x sha256sum")
        print(
            f"worker RSS: baseline {baseline / MB:.1f} MB, peak {sampler.peak / MB:.1f} MB, "
            f"growth {growth / MB:.1f} MB (limit {args.limit_mb} MB; {sampler.samples} samples every 50 ms)"
        )
        print(f"stored file SHA-256 {'matches' if intact else 'DOES NOT MATCH'} the source ({source_hash[:16]}...)")
        ok = intact and growth <= args.limit_mb * MB
        print("ok" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
