# syntax=docker/dockerfile:1
# Siaga PHPU: one image for the web (gunicorn), the Celery worker and Celery beat.
#   docker build -t siaga-phpu .
# Settings come from the environment (phpu/settings.py); see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=phpu.settings \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media

# Shared libraries for WeasyPrint (PDF rendering: Pango, HarfBuzz), python-magic (upload sniffing)
# and a base font set, so PDFs render the same in every container; pg_dump/pg_restore for backups.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libmagic1 \
        fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged user; the code stays root-owned (read-only for the app), only var/ is writable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Runtime dependencies only (requirements-dev.txt stays out of the image); own layer for caching.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN chmod 0755 /app/docker/entrypoint.sh \
    && mkdir -p /app/var/media /app/var/beat /app/var/staticfiles \
    && chown -R app:app /app/var

USER app

# Static files are built into the image and served by WhiteNoise (compressed, hashed manifest).
# The key below exists only for this step; the running container needs its own SECRET_KEY.
RUN SECRET_KEY=collectstatic-build-only-not-secret DEBUG=false \
    python manage.py collectstatic --noinput -v0

EXPOSE 8000

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/docker/gunicorn.conf.py", "phpu.wsgi:application"]
