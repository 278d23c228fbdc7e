"""First start: `make run` on a fresh clone until it serves the first page (the target: <= 60 s, issue 22).

    .venv/bin/python bench/first_start.py [--install] [--copy] [--port 8765]

A fresh clone of this repository (its last commit; --copy: the working tree as it is, for changes not
yet committed) in a temporary folder, with SQLite and the embedded broker as `make run` has them. By
default it reuses this checkout's virtualenv (a symlink), so the figure is migrate + demo + start; with
--install the clone makes its own virtualenv and installs the runtime packages as a first `make run`
does (from pip's cache when it has the wheels). Printed: the seconds from `make run` to each step's
first line of output and to the first 200 of the sign-in page, and the CPU seconds the steps took
(a busy machine stretches the wall time; the CPU time is what the steps cost).
"""

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 60.0
# Lines `make run` prints, in order, and the step each one ends.
MARKS = [
    ("Regions:", "migrate, official regions"),
    ("Demo users", "TPS, demo users"),
    ("Demo team", "demo inventory, MK case, team"),
    ("Siaga PHPU: http", "make starts the server"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true", help="make the virtualenv too (pip install)")
    parser.add_argument("--copy", action="store_true", help="copy the working tree instead of cloning")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=900)
    return parser.parse_args()


def fresh_clone(folder: Path, copy: bool) -> Path:
    target = folder / "clone"
    if copy:
        ignore = shutil.ignore_patterns(".venv", "var", "__pycache__", ".git", "*.pyc", "test-artifacts")
        shutil.copytree(ROOT, target, ignore=ignore)
    else:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def first_page(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run(clone: Path, port: int, timeout: float) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}}
    env.update(PORT=str(port), PYTHONUNBUFFERED="1")
    started = time.perf_counter()
    seen: dict[str, float] = {}
    log: list[str] = []
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )

    def read():
        for line in process.stdout:
            log.append(line)
            for mark, step in MARKS:
                if mark in line and step not in seen:
                    seen[step] = time.perf_counter() - started

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    served = None
    try:
        while time.perf_counter() - started < timeout and process.poll() is None:
            if "make starts the server" in seen and first_page(port):
                served = time.perf_counter() - started
                break
            time.sleep(0.25)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if served is None:
        sys.stderr.write("".join(log[-40:]))
        sys.exit("make run did not serve the sign-in page")
    return {"steps": seen, "served": served}


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="phpu-first-start-") as folder:
        clone = fresh_clone(Path(folder), args.copy)
        if not args.install:
            (clone / ".venv").symlink_to(ROOT / ".venv")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run(clone, args.port, args.timeout)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    what = "with pip install" if args.install else "virtualenv reused"
    print(f"make run on a fresh {'copy' if args.copy else 'clone'} ({what}), SQLite:")
    previous = 0.0
    for _mark, step in MARKS:
        if step in result["steps"]:
            at = result["steps"][step]
            print(f"   {step:34} at {at:6.1f} s  (+{at - previous:5.1f})")
            previous = at
    print(f"   {'first page served':34} at {result['served']:6.1f} s  (target <= {TARGET:.0f} s)")
    print(f"   CPU seconds of make run and its children (the server's until it was stopped): {cpu:.1f}")


if __name__ == "__main__":
    main()
