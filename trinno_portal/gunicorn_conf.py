"""gunicorn's settings for the portal's web processes, from the environment:

    gunicorn -c python:trinno_portal.gunicorn_conf trinno_portal.wsgi

Used by docker-compose.yml, the Dockerfile and `make bench`, so that the benchmark
measures the configuration that runs in production.

Threads, not only processes: a page waits on PostgreSQL and Redis part of its time, and
a request queued behind a slow one in a single-threaded worker waits for all of it. On
the 2-core bench machine, 4 processes of 4 threads gave the lowest p95 of the page mix at
a million applications (3x4, 2x8, 4x4, 5x2 and 6x4 gthread, and 4 and 5 sync workers,
were measured: docs/performance.md). WEB_CONCURRENCY defaults to two processes per core.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:  # a malformed value stops the start, loudly
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from exc


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)
backlog = _int("GUNICORN_BACKLOG", 2048)
# One line per request on standard output ("-"); empty to turn it off (the bench).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Request line, header count and header size, refused by gunicorn before Django sees
# them (its defaults, made explicit). gunicorn has no body limit: the proxy's
# client_max_body_size and trinno_portal.security.limits cap bodies (README).
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 4094)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 100)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)
# X-Forwarded-Proto only from the proxy's address (the same list as TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
