"""The click-day line at the proxy (deploy/nginx/portal.conf.template): nginx passes the
submit POSTs of every scheme at a set rate and lets every other request through at once.
A scheme whose review address the line did not know would take gunicorn's queue from
every other page on a click day (docs/performance.md, "The line at the proxy")."""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from tests.bench import proxy
from trinno_portal.funding.schemes import schemes


def _submit_pattern() -> re.Pattern:
    """The submit location's address, and POST, the only method its map gives a key."""
    text = proxy.TEMPLATE.read_text()
    found = re.search(r"location ~ (\^[^ ]+\$) \{\s*limit_req zone=clickday_submit", text)
    assert found, "the template's submit location"
    keyed = re.search(r"map \$request_method \$clickday_submit \{\s*(\w+) \"submit\";", text)
    assert keyed and keyed.group(1) == "POST"
    return re.compile(f"^POST {found.group(1)[1:]}")


def _review_paths() -> list[str]:
    paths = []
    for scheme in schemes():
        if scheme.journey is None:
            continue
        for language in ("it", "en"):
            with translation.override(language):
                paths.append(reverse(scheme.journey.urls.review, args=[4711]))
    return paths


def test_every_schemes_submit_post_waits_in_the_line_and_nothing_else_does():
    pattern = _submit_pattern()
    paths = _review_paths()
    assert len(paths) >= 6  # three schemes, two languages
    for path in paths:
        assert pattern.match(f"POST {path}"), path
        assert not pattern.match(f"GET {path}"), path  # reading the review page never waits
    for path in ("/catalogo/", "/audit/", "/pratiche/ricezione/12/", "/health/"):
        assert not pattern.match(f"POST {path}") and not pattern.match(f"GET {path}")
    assert not pattern.match("POST /audit/domanda/12/riepilogo/extra/")


def test_every_variable_of_the_template_must_be_filled_in():
    with pytest.raises(KeyError, match="CLICKDAY_SUBMIT_RATE"):
        proxy.render({"PORTAL_UPSTREAM": "web:8000", "PROXY_LISTEN": "80"})


@pytest.mark.skipif(proxy.nginx() is None, reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    command = proxy.prepare(
        tmp_path, upstream="127.0.0.1:9", listen="127.0.0.1:9", rate=90, burst=100
    )  # prepare runs `nginx -t` and raises if nginx refuses it
    assert command[0].endswith("nginx")
    rendered = (tmp_path / "portal.conf").read_text()
    assert "rate=90r/s" in rendered and "burst=100" in rendered and "$request_method" in rendered
    with pytest.raises(subprocess.CalledProcessError):
        (tmp_path / "portal.conf").write_text(rendered.replace("limit_req zone", "limit_req zonx"))
        subprocess.run(
            [command[0], "-t", "-q", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
            check=True,
            capture_output=True,
        )


def test_the_compose_proxy_fills_in_every_variable_of_the_template():
    compose = (proxy.ROOT / "docker-compose.yml").read_text()
    service = compose.split("\n  proxy:\n", 1)[1].split("\n\n", 1)[0]
    assert (
        "./deploy/nginx/portal.conf.template:/etc/nginx/templates/default.conf.template" in service
    )
    for name in set(re.findall(r"\$\{(\w+)\}", proxy.TEMPLATE.read_text())):
        assert f"      {name}: " in service, name


class _Upstream:
    """A stand-in for gunicorn that answers every request with 200 and its method."""

    def __init__(self):
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = self.command.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def line(tmp_path):
    """nginx with the portal's configuration, one submit a second and a line of two."""
    import socket
    import time

    upstream = _Upstream()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = proxy.prepare(
        tmp_path, upstream=f"127.0.0.1:{upstream.port}", listen=f"127.0.0.1:{port}", rate=1, burst=2
    )
    nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    nginx.terminate()
    nginx.wait(timeout=10)
    upstream.close()


@pytest.mark.skipif(proxy.nginx() is None, reason="nginx is not installed")
def test_the_line_delays_submit_posts_in_order_and_refuses_past_it_with_a_way_back(line):
    import time
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    submit = f"{line}/audit/domanda/7/riepilogo/"

    def post(_n):
        started = time.monotonic()
        try:
            request = urllib.request.Request(submit, b"v=1")  # noqa: S310 - a local nginx
            with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310
                return r.status, time.monotonic() - started, {}, b""
        except urllib.error.HTTPError as e:
            return e.code, time.monotonic() - started, dict(e.headers), e.read()

    with ThreadPoolExecutor(4) as pool:
        answers = sorted(pool.map(post, range(4)), key=lambda a: a[1])
        # Reading pages is never held while the line is full.
        started = time.monotonic()
        with urllib.request.urlopen(f"{line}/catalogo/", timeout=5) as r:  # noqa: S310
            assert r.status == 200 and r.read() == b"GET"
        assert time.monotonic() - started < 0.9  # a held request would wait a second
    statuses = [a[0] for a in answers]
    assert statuses.count(503) == 1 and statuses.count(200) == 3
    passed = [a[1] for a in answers if a[0] == 200]
    assert passed[-1] >= 1.5  # one a second: the third waited its turn, it was not refused
    refused = next(a for a in answers if a[0] == 503)
    assert refused[2]["Retry-After"] == "5"
    page = refused[3].decode()
    assert 'content="5; url=/audit/domanda/7/riepilogo/"' in page
    assert "la bozza resta" in page and "your draft is kept" in page
