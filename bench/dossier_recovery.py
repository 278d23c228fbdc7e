"""Recovery of a dossier job after its worker is SIGKILLed in the middle of the layout: how long until
the page says so, until the watchdog sends the job again, until it renders again and until it is done.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phpu_bench REDIS_URL=redis://127.0.0.1:6379/13 \\
        SECRET_KEY=bench DEBUG=false .venv/bin/python bench/dossier_recovery.py [--runs 3]

Each run is tests/dossiers/test_recovery.py::test_a_killed_workers_job_is_done_again_within_a_minute:
two real Celery workers on the broker (Redis) and a PostgreSQL test database (pytest's test_<name>,
created and dropped by pytest), the brief of a small case requested, the worker holding it SIGKILLed
with its layout process once the sections are being laid out, the watchdog run on the beat's period
(DOSSIER_WATCHDOG_SECONDS) until the other worker has finished the job. The lease, heartbeat and watchdog
period are the settings' (their environment variables change them, for the workers too). Prints the
seconds after the kill of each run, then the median and the worst.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/dossiers/test_recovery.py::test_a_killed_workers_job_is_done_again_within_a_minute"
PHASES = ("stalled", "sent again", "running again", "done")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database: the workers are other processes")
    env = {"SECRET_KEY": "bench", "DEBUG": "false", **os.environ}
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "recovery.jsonl"
        env["DOSSIER_RECOVERY_REPORT"] = str(report)
        for run in range(args.runs):
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST]
            if run == 0:
                command.append("--create-db")
            result = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
            if result.returncode != 0:
                print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
                return result.returncode
        runs = [json.loads(line) for line in report.read_text().splitlines()]
    settings = runs[0]
    print(f"lease {settings['lease']} s, heartbeat {settings['heartbeat']} s, watchdog {settings['watchdog']} s")
    for number, run in enumerate(runs, start=1):
        print(f"  run {number}: " + ", ".join(f"{phase} {run[phase]:.1f} s" for phase in PHASES if phase in run))
    for phase in PHASES:
        values = [run[phase] for run in runs if phase in run]
        if values:
            print(f"{phase:>13}: median {statistics.median(values):.1f} s, worst {max(values):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
