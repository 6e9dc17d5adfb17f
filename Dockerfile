# One image for every process of docker-compose.yml: web (gunicorn), worker and beat (Celery).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; msgfmt compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check-format -o "${po%.po}.mo" "$po"; done \
    && DEBUG=false SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0123 \
       python manage.py collectstatic --noinput -v 0 \
    && useradd --system --uid 1000 --home /app trinno \
    && mkdir -p /app/var/media && chown -R trinno /app/var
USER trinno
EXPOSE 8000
CMD ["gunicorn", "-c", "python:trinno_portal.gunicorn_conf", "trinno_portal.wsgi"]
