"""A real Celery worker process answers phpu.tasks.ping on both transports the project supports.

The worker runs as a subprocess with the environment of the test run. Django settings are loaded once per
test process, so the transport this process is not configured for is exercised through
`manage.py check_worker` in a subprocess as well. Each test isolates itself: a temporary VAR_DIR for the
filesystem broker, and a queue of its own on shared brokers.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings

from phpu.tasks import ping

pytestmark = pytest.mark.worker

BASE_DIR = Path(settings.BASE_DIR)
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
ANSWER_TIMEOUT = 20  # seconds; a ping normally takes well under one once the worker is up


class Worker:
    """`celery -A phpu worker --pool=solo` in a subprocess, its output in a log file."""

    def __init__(self, env: dict, log: Path, queue: str | None = None):
        self.log = log
        cmd = [sys.executable, "-m", "celery", "-A", "phpu", "worker", "--pool=solo", "--loglevel=INFO"]
        cmd += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"pytest-{uuid.uuid4().hex}@%h"]
        if queue:
            cmd += ["--queues", queue]
        with log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def assert_alive(self):
        if self.proc.poll() is not None:
            pytest.fail(f"The worker exited early with code {self.proc.returncode}:\n{self.output()}")

    def terminate(self):
        """Ask for a warm shutdown, as systemd or docker would; on the filesystem broker it takes ~4 s."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def stop(self) -> int:
        """Warm shutdown and wait for it; returns the exit code."""
        if self.proc.poll() is None:
            self.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                pytest.fail(f"The worker did not stop within 10 s of SIGTERM:\n{self.output()}")
        return self.proc.returncode


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(env: dict, queue: str | None = None) -> Worker:
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log", queue)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def run_env(**changes) -> dict:
    """The environment of this test run, with changes; a value of None removes the variable."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def check_worker(env: dict, worker: Worker | None, *args: str) -> subprocess.CompletedProcess:
    """Run `manage.py check_worker` with `env`, failing early if the worker dies meanwhile."""
    cmd = [sys.executable, "manage.py", "check_worker", *args]
    proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + ANSWER_TIMEOUT + 10
    while True:
        try:
            out, err = proc.communicate(timeout=0.5)
            return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            if worker is not None and worker.proc.poll() is not None:
                proc.kill()
                worker.assert_alive()
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("check_worker did not return in time")


def redis_url_or_skip() -> str:
    """REDIS_URL of the run, else the local Redis on database 14; skip if none answers (fail in CI)."""
    import redis

    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"no Redis answers at {url}: {exc}"
        if os.environ.get("CI_REQUIRE_REDIS") == "1":
            pytest.fail(f"CI_REQUIRE_REDIS=1 but {message}")
        pytest.skip(message)
    return url


def forget_redis_queue(url: str, queue: str):
    """Remove the bindings kombu leaves in Redis for a queue used once."""
    import redis

    client = redis.Redis.from_url(url)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def test_ping_through_the_configured_broker(start_worker):
    """ping.delay() from this process (as the web app sends tasks) comes back from a worker process."""
    queue = f"pytest-{uuid.uuid4().hex}"
    # The worker gets exactly this process's broker: REDIS_URL when set, else var/broker under VAR_DIR.
    env = run_env(VAR_DIR=settings.VAR_DIR, REDIS_URL=settings.REDIS_URL or None)
    worker = start_worker(env, queue)
    # delay() with a queue of our own, so that no other worker on a shared broker takes the ping.
    result = ping.apply_async(queue=queue, expires=ANSWER_TIMEOUT)
    try:
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while True:
            try:
                answer = result.get(timeout=0.5)
                break
            except CeleryTimeout:
                worker.assert_alive()
                if time.monotonic() > deadline:
                    pytest.fail(f"No answer within {ANSWER_TIMEOUT} s:\n{worker.output()}")
        assert answer == "pong"
        assert result.successful()
        result.forget()
        # The worker logs "succeeded" after it stores the result: read its log once it has stopped.
        assert worker.stop() == 0, worker.output()
        assert f"{ping.name}[{result.id}] succeeded" in worker.output()
        assert "Warm shutdown" in worker.output()
    finally:
        worker.stop()
        if settings.REDIS_URL:
            forget_redis_queue(settings.REDIS_URL, queue)
        else:  # the filesystem transport keeps a binding file per queue
            (Path(settings.CELERY_BROKER_DIR) / "control" / f"{queue}.exchange").unlink(missing_ok=True)


def test_filesystem_broker(start_worker, tmp_path):
    """The embedded broker of `make run`: no Redis, queue folders under VAR_DIR/broker."""
    env = run_env(VAR_DIR=tmp_path / "var", REDIS_URL=None)

    alone = check_worker(env, None, "--timeout", "0.5")
    assert alone.returncode == 1
    assert "No worker answered on queue 'celery' of filesystem://" in alone.stderr
    assert "Traceback" not in alone.stderr

    worker = start_worker(env)  # on the default queue: the temporary VAR_DIR is ours alone
    answered = check_worker(env, worker, "--timeout", str(ANSWER_TIMEOUT))
    assert answered.returncode == 0, answered.stderr + worker.output()
    assert "Worker answered: pong" in answered.stdout
    worker.terminate()
    assert not list((tmp_path / "var" / "broker" / "queue").iterdir()), "messages left in the queue"
    assert worker.stop() == 0, worker.output()
    # The ping that nobody answered had expired: the worker dropped it instead of running it late.
    assert "Discarding revoked task" in worker.output()


def test_redis_broker(start_worker, tmp_path):
    url = redis_url_or_skip()
    queue = f"pytest-{uuid.uuid4().hex}"
    env = run_env(VAR_DIR=tmp_path / "var", REDIS_URL=url)
    try:
        worker = start_worker(env, queue)
        answered = check_worker(env, worker, "--timeout", str(ANSWER_TIMEOUT), "--queue", queue)
        assert answered.returncode == 0, answered.stderr + worker.output()
        assert f"Worker answered: pong (queue '{queue}' of redis://" in answered.stdout
        assert "Traceback" not in worker.output()
        assert worker.stop() == 0, worker.output()
    finally:
        forget_redis_queue(url, queue)


def test_check_worker_fails_fast_without_broker(tmp_path):
    """A Redis that does not answer is reported at once, in one line, not after half a minute of retries."""
    env = run_env(VAR_DIR=tmp_path / "var", REDIS_URL="redis://127.0.0.1:1/0")
    started = time.monotonic()
    result = check_worker(env, None, "--timeout", "5")
    assert result.returncode == 1
    assert "Cannot reach the Celery broker at redis://" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 10
