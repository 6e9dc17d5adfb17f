"""nginx in front of gunicorn, as in production (deploy/nginx/portal.conf.template): the
bench measures the click-day line where it is kept, at the proxy."""

from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "portal.conf.template"


def render(values: dict[str, str], template: Path = TEMPLATE) -> str:
    """The template with its ${VARIABLES} filled in, as envsubst does; nginx's own
    variables ($uri, $host...) are left alone. A variable left unfilled is an error."""
    text = string.Template(template.read_text()).safe_substitute(values)
    missing = sorted(set(re.findall(r"\$\{(\w+)\}", text)))
    if missing:
        raise KeyError(f"not filled in: {missing}")
    return text


def main_config(workdir: Path, server_conf: Path) -> Path:
    """A whole nginx.conf around the http-context file, every path inside `workdir`."""
    conf = workdir / "nginx.conf"
    conf.write_text(
        "daemon off;\n"
        # As root, nginx's workers would become nobody, who cannot write in `workdir`.
        + ("user root;\n" if os.geteuid() == 0 else "")
        + "worker_processes 1;\n"
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'nginx-error.log'} warn;\n"
        "worker_rlimit_nofile 30000;\n"
        "events { worker_connections 12000; }\n"
        "http {\n"
        "    access_log off;\n"
        f"    client_body_temp_path {workdir / 'nginx-body'};\n"
        f"    proxy_temp_path {workdir / 'nginx-proxy'};\n"
        f"    fastcgi_temp_path {workdir / 'nginx-fastcgi'};\n"
        f"    uwsgi_temp_path {workdir / 'nginx-uwsgi'};\n"
        f"    scgi_temp_path {workdir / 'nginx-scgi'};\n"
        f"    include {server_conf};\n"
        "}\n"
    )
    return conf


def nginx() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def prepare(workdir: Path, *, upstream: str, listen: str, rate: int, burst: int) -> list[str]:
    """The command that runs nginx in the foreground with the portal's configuration,
    checked first with `nginx -t`."""
    binary = nginx()
    if binary is None:
        raise FileNotFoundError("nginx")
    server_conf = workdir / "portal.conf"
    server_conf.write_text(
        render(
            {
                "PORTAL_UPSTREAM": upstream,
                "PROXY_LISTEN": listen,
                "CLICKDAY_SUBMIT_RATE": str(rate),
                "CLICKDAY_SUBMIT_BURST": str(burst),
            }
        )
    )
    conf = main_config(workdir, server_conf)
    subprocess.run(
        [binary, "-t", "-q", "-c", str(conf), "-p", str(workdir)],
        check=True,
        capture_output=True,
    )
    return [binary, "-c", str(conf), "-p", str(workdir)]
