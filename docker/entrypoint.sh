#!/bin/sh
# Container entrypoint for web, worker and beat (one image, three commands).
#
# - With DATABASE_URL set, waits until the database accepts connections (DB_WAIT_TIMEOUT seconds,
#   default 60), so a plain `docker run` or an orchestrator without health-gated start also works.
# - With DJANGO_MIGRATE=true (set on the web service only), runs `migrate` before the command.
#   Only one service should migrate: Django migrations are not safe to run concurrently.
# - Then execs the command, so gunicorn/celery get the signals directly.
set -eu

cd /app

if [ -n "${DATABASE_URL:-}" ] && [ "${DB_WAIT:-true}" = "true" ]; then
    python /app/docker/wait_for_db.py
fi

if [ "${DJANGO_MIGRATE:-false}" = "true" ]; then
    echo "entrypoint: applying migrations"
    python manage.py migrate --noinput
fi

exec "$@"
