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
    text = proxy.TEMPLATE.read_text()
    found = re.search(r'map "\$request_method \$uri" \$clickday_submit \{\s*"~([^"]+)"', text)
    assert found, "the template's map of the submit POSTs"
    return re.compile(found.group(1))


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
