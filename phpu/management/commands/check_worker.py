from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.management.base import BaseCommand, CommandError
from kombu.exceptions import OperationalError

from phpu.celery import app
from phpu.tasks import ping


class Command(BaseCommand):
    help = "Send a ping through the broker and wait for a Celery worker to answer; exit 1 if none does."
    # A health probe (docker, systemd, CI): answer quickly, without the whole system check framework.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30, help="Seconds to wait for an answer (default 30).")
        parser.add_argument("--queue", help="Queue to ping (default: the default queue, where workers listen).")

    def handle(self, *args, timeout, queue, **options):
        queue = queue or app.conf.task_default_queue
        with app.connection_for_write() as conn:
            broker = conn.as_uri()  # the password, if any, is masked
            try:
                # Fail fast instead of letting the producer retry for half a minute.
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=min(timeout, 5))
            except OperationalError as exc:
                raise CommandError(f"Cannot reach the Celery broker at {broker}: {exc}") from exc
        # The ping expires with the wait, so that a worker started later drops it instead of answering nobody.
        result = ping.apply_async(queue=queue, expires=timeout)
        try:
            answer = result.get(timeout=timeout)
        except CeleryTimeout as exc:
            raise CommandError(
                f"No worker answered on queue '{queue}' of {broker} within {timeout:g}s. "
                "Is `celery -A phpu worker` running with the same settings?"
            ) from exc
        result.forget()
        if answer != "pong":
            raise CommandError(f"The worker answered {answer!r} instead of 'pong'.")
        self.stdout.write(self.style.SUCCESS(f"Worker answered: {answer} (queue '{queue}' of {broker})."))
