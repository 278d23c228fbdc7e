from celery import shared_task


@shared_task(ignore_result=False)
def ping() -> str:
    """Answers 'pong': proves a worker is consuming from the configured broker."""
    return "pong"
