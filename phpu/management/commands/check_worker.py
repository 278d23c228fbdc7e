from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.management.base import BaseCommand, CommandError

from phpu.tasks import ping


class Command(BaseCommand):
    help = "Send a ping through the broker and wait for a Celery worker to answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, *args, timeout, **options):
        try:
            answer = ping.delay().get(timeout=timeout)
        except CeleryTimeout as exc:
            raise CommandError(f"No worker answered within {timeout:.0f}s.") from exc
        self.stdout.write(self.style.SUCCESS(f"Worker answered: {answer}"))
