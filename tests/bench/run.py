"""make bench: the portal on PostgreSQL with gunicorn and a Celery worker, measured at
each size of the synthetic region; one table printed and written as JSON.

    .venv/bin/python -m tests.bench.run                      # 10,000 and 1,000,000 applications
    .venv/bin/python -m tests.bench.run --sizes 10000        # one size
    .venv/bin/python -m tests.bench.run --tiny               # CI: two tiny sizes, a few seconds

Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432) and Redis
(BENCH_REDIS, default redis://127.0.0.1:6379; databases 12 and 13 are the bench's own).
The databases trinno_bench_* are created and dropped here; every process started here
is stopped here, by its own process group. What each figure means: docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from . import load, proxy
from .pages import foreign_check, url_for_plan
from .report import TARGETS, print_table

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")
# The broker's and the cache's Redis databases, emptied by the bench (two engineers'
# benches on one machine each take their own pair).
BROKER_DB, CACHE_DB = (int(n) for n in os.environ.get("BENCH_REDIS_DBS", "12,13").split(","))
MIX = {"catalogue": 0.35, "dashboard": 0.2, "application": 0.2, "queue": 0.15, "monitoring": 0.1}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def drop(db: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(db: str, static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DEMO_MODE="false",
        DATABASE_URL=f"{PG}/{db}",
        CELERY_BROKER_URL=f"{REDIS}/{BROKER_DB}",
        CACHE_URL=f"{REDIS.replace('redis://', 'rediscache://')}/{CACHE_DB}",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=str(Path(static_root).parent / "media"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="trinno_portal.settings",
    )
    return env


def django_step(env: dict, step: str, *args: str, timeout: float = 3600) -> dict:
    done = subprocess.run(
        [PY, "-m", "tests.bench.django_side", step, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise RuntimeError(f"bench step {step} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


class Processes:
    """gunicorn and the Celery worker, each in its own process group, stopped by id."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, args: list[str], env: dict, logfile: Path) -> subprocess.Popen:
        out = open(logfile, "w")
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.started.clear()


def wait_healthy(port: int, timeout: float = 60, what: str = "gunicorn") -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer /health/")


def peak_rss_mb(master_pid: int) -> float:
    """The highest peak resident memory (VmHWM) among gunicorn's workers."""
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    peak = 0.0
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return round(peak)


def flush_redis() -> None:
    import redis

    for number in (BROKER_DB, CACHE_DB):
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()


def measure_size(label: str, gen_args: list[str], opts, static_root: str, workdir: Path) -> dict:
    db = f"{opts.db_prefix}_{label}"
    drop(db)
    psql(f'CREATE DATABASE "{db}" TEMPLATE "{opts.db_prefix}_template"')
    env = environment(db, static_root)
    result: dict = {"database": db}
    started = time.perf_counter()
    manage(env, "generate_region", "--i-know-this-is-a-bench-database", *gen_args)
    result["generate_seconds"] = round(time.perf_counter() - started, 1)
    log(f"{label}: region generated in {result['generate_seconds']} s")
    flush_redis()
    port = free_port()
    procs = Processes()
    try:
        procs.start(
            [
                # Niced: on this one machine the worker's numbering, receipts and eligibility
                # yield to the web processes receiving the rush, as a worker on its own cores
                # would not take theirs (docs/performance.md, click day).
                "nice",
                "-n",
                "10",
                str(BIN / "celery"),
                "-A",
                "trinno_portal",
                "worker",
                "-Q",
                "trinno",
                "--concurrency",
                "2",
                "-l",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            env,
            workdir / f"celery-{label}.log",
        )
        web = procs.start(
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:trinno_portal.gunicorn_conf",
                "trinno_portal.wsgi",
            ],
            {
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(opts.workers),
                "GUNICORN_THREADS": str(opts.threads),
                "GUNICORN_TIMEOUT": "120",
                "GUNICORN_ACCESS_LOG": "",
            },
            workdir / f"gunicorn-{label}.log",
        )
        wait_healthy(port)
        if opts.proxy:
            # Every request of the bench through nginx, as in production; gunicorn's own
            # port is only looked at above.
            upstream, port = f"127.0.0.1:{port}", free_port()
            procs.start(
                proxy.prepare(
                    workdir,
                    upstream=upstream,
                    listen=f"127.0.0.1:{port}",
                    rate=opts.submit_rate,
                    burst=opts.submit_burst,
                ),
                env,
                workdir / f"nginx-{label}.log",
            )
            wait_healthy(port, what="nginx")
        result["proxy"] = (
            {"server": "nginx", "submit_rate": opts.submit_rate, "burst": opts.submit_burst}
            if opts.proxy
            else None
        )
        plan_file = workdir / f"plan-{label}.json"
        plan = django_step(env, "prepare", "--n", str(opts.users))
        if opts.click_day:
            result["click_day"] = click_day(env, port, opts.click_day_n, workdir, label, plan, opts)
            return result
        plan_file.write_text(json.dumps(plan))
        url_for = url_for_plan(plan)
        result["queries"] = django_step(env, "queries", "--plan", str(plan_file))
        for page in [*MIX, "health"]:  # warm every worker's templates and connections
            load.saturate(
                host="127.0.0.1",
                port=port,
                page=page,
                url_for=url_for,
                seconds=opts.warmup,
                concurrency=opts.workers * 2,
            )
        log(f"{label}: load, {opts.users} users for {opts.seconds} s")
        stats = load.run_mix(
            host="127.0.0.1",
            port=port,
            users=opts.users,
            seconds=opts.seconds,
            weights=opts.mix,
            url_for=url_for,
            foreign=foreign_check(plan),
        )
        result["load"] = stats.summary()
        result["saturation"] = {
            page: load.saturate(
                host="127.0.0.1",
                port=port,
                page=page,
                url_for=url_for,
                seconds=opts.saturation,
                windows=opts.windows,
            )
            for page in ["health", *MIX]
        }
        health = result["saturation"]["health"]["rps"] or 1e-9
        for page in MIX:
            result["saturation"][page]["ratio_to_health"] = round(
                result["saturation"][page]["rps"] / health, 2
            )
        result["web_worker_peak_mb"] = peak_rss_mb(web.pid)
        if opts.pages_only:
            return result
        # The jobs that only read come first: the submissions and the eligibility job
        # rewrite 100,000 rows, and until autovacuum passes, the index-only scans of the
        # indicators read the table too (1.07 s instead of 0.75 s at a million
        # applications: docs/performance.md).
        result["indicators"] = django_step(env, "indicators")
        log(f"{label}: monitoring report")
        try:
            result["pdf"] = django_step(env, "pdf", timeout=opts.pdf_timeout)
        except subprocess.TimeoutExpired:
            result["pdf"] = {
                "ok": False,
                "job_seconds": f"> {opts.pdf_timeout:.0f}",
                "pdf_seconds": None,
            }
        result["ranking"] = django_step(env, "ranking", "--n", str(opts.ranking))
        log(f"{label}: {opts.submissions} concurrent submissions")
        result["submissions"] = submissions(env, port, opts.submissions, workdir, label)
        log(f"{label}: eligibility of up to {opts.eligibility} applications")
        result["eligibility"] = django_step(
            env, "eligibility", "--n", str(opts.eligibility), "--timeout", "60"
        )
        if opts.tiny:  # the click day's tiny variant, so that CI keeps it working
            result["click_day"] = click_day(env, port, opts.click_day_n, workdir, label, plan, opts)
    finally:
        procs.stop()
        if not opts.keep_db:
            drop(db)
    return result


def submissions(env: dict, port: int, n: int, workdir: Path, label: str) -> dict:
    drafts = django_step(env, "submissions-prepare", "--n", str(n))["drafts"]
    requests = [
        (
            f"/audit/domanda/{d['application']}/riepilogo/",
            f"sessionid={d['session']}; csrftoken={d['csrf']}",
            f"csrfmiddlewaretoken={d['csrf']}&version={d['version']}".encode(),
        )
        for d in drafts
    ]
    started = time.perf_counter()
    answers = load.post_all(host="127.0.0.1", port=port, requests=requests)
    elapsed = time.perf_counter() - started
    ok = sum(
        1
        for (status, location, _s), d in zip(answers, drafts, strict=True)
        if status == 302 and location.rstrip("/").endswith(f"/domanda/{d['application']}")
    )
    plan_file = workdir / f"submitted-{label}.json"
    plan_file.write_text(json.dumps({"ids": [d["application"] for d in drafts]}))
    check = django_step(env, "submissions-check", "--plan", str(plan_file))
    return {
        "requests": len(drafts),
        "errors": len(drafts) - ok,
        "seconds": round(elapsed, 2),
        "per_second": round(len(drafts) / elapsed, 1) if elapsed else None,
        **check,
    }


def click_day(env: dict, port: int, n: int, workdir: Path, label: str, plan: dict, opts) -> dict:
    """N complete drafts posted in the first seconds after the call's opening instant
    (docs/clickday.md), with the catalogue and the applicants' dashboards read meanwhile;
    the bare health view's throughput measured alone just before, in the same run."""
    health = load.saturate(
        host="127.0.0.1",
        port=port,
        page="health",
        url_for=url_for_plan(plan),
        seconds=opts.saturation,
        windows=opts.windows,
    )
    log(f"{label}: click day, {n} submissions at the opening instant")
    prepared = django_step(env, "clickday-prepare", "--n", str(n), "--delay", "5")
    stats = load.click_day(
        host="127.0.0.1",
        port=port,
        drafts=prepared["drafts"],
        opens_at=prepared["opens_at"],
        spread=max(1.0, min(5.0, n / 200)),
        url_for=url_for_plan(plan),
        readers=4 if opts.tiny else 20,
        foreign=foreign_check(plan),
    )
    stats["health_alone"] = health
    plan_file = workdir / f"clickday-{label}.json"
    ids = [d["application"] for d in prepared["drafts"]]
    plan_file.write_text(json.dumps({"ids": ids, "opens_at": prepared["opens_at"]}))
    return {**stats, **django_step(env, "clickday-check", "--plan", str(plan_file))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000", help="applications per run")
    parser.add_argument("--enterprises", type=int, default=353_700)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--tiny", action="store_true", help="CI: tiny sizes, short runs")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--saturation", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    parser.add_argument("--eligibility", type=int, default=100_000)
    parser.add_argument("--ranking", type=int, default=20_000)
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--pdf-timeout", type=float, default=900, help="seconds")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--click-day", action="store_true", help="the click day alone")
    parser.add_argument(
        "--click-day-n", type=int, default=None, help="its submissions (5,000; 20 tiny)"
    )
    parser.add_argument("--windows", type=int, default=3, help="saturation windows per page")
    parser.add_argument(
        "--no-proxy",
        dest="proxy",
        action="store_false",
        help="straight to gunicorn, without nginx in front (deploy/nginx)",
    )
    parser.add_argument(
        "--submit-rate",
        type=int,
        default=85,
        help="submit POSTs a second that nginx passes (CLICKDAY_SUBMIT_RATE)",
    )
    parser.add_argument(
        "--submit-burst",
        type=int,
        default=20000,
        help="submit POSTs nginx keeps in line before a 503 (CLICKDAY_SUBMIT_BURST)",
    )
    parser.add_argument(
        "--mix",
        default=",".join(f"{page}={share}" for page, share in MIX.items()),
        help="the page mix, e.g. catalogue=0.4,dashboard=0.3,application=0.3",
    )
    parser.add_argument("--pages-only", action="store_true", help="skip the jobs")
    parser.add_argument("--db-prefix", default="trinno_bench", help="of the databases made")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench"))
    opts = parser.parse_args()
    extra = []
    if opts.tiny:
        opts.sizes, opts.users, opts.seconds, opts.saturation, opts.warmup = "300", 5, 2, 0.5, 0.2
        opts.eligibility, opts.ranking, opts.submissions = 50, 100, 20
        extra = ["--courses", "10", "--agencies", "2", "--staff", "5", "--officials", "5"]
        opts.enterprises, opts.people = 300, 50
        opts.windows = 2
        opts.click_day_n = opts.click_day_n or 20
    opts.click_day_n = opts.click_day_n or 5000
    if opts.proxy and proxy.nginx() is None:
        log("nginx is not installed (apt-get install -y nginx): measuring without the proxy")
        opts.proxy = False
    opts.mix = {k: float(v) for k, v in (item.split("=") for item in opts.mix.split(","))}
    sizes = [int(s) for s in opts.sizes.split(",")]
    out = Path(opts.output)
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="trinno-bench-"))
    static_root = str(workdir / "static")
    run: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GB",
        "load_average_at_start": os.getloadavg(),
        "options": {k: v for k, v in vars(opts).items() if k != "output"},
        "sizes": {},
        "targets": TARGETS,
    }
    template = f"{opts.db_prefix}_template"
    try:
        drop(template)
        psql(f'CREATE DATABASE "{template}"')
        env = environment(template, static_root)
        log("migrating the template database, collecting static files")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        for size in sizes:
            gen = [
                "--applications",
                str(size),
                "--enterprises",
                str(opts.enterprises),
                "--people",
                str(opts.people),
                *extra,
            ]
            run["sizes"][str(size)] = measure_size(str(size), gen, opts, static_root, workdir)
    finally:
        drop(template)
        shutil.rmtree(workdir, ignore_errors=True)
    run["load_average_at_end"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (out / name).write_text(json.dumps(run, indent=2, default=str))
    print_table(run)
    log(f"written {out / 'latest.json'}")
    # The tiny run checks that the bench works (every page answers, every job finishes,
    # protocol numbers hold), not the targets: those need the real sizes.
    broken = broken_parts(run)
    for part in broken:
        log(f"BROKEN: {part}")
    return 1 if broken else 0


def broken_parts(run: dict) -> list[str]:
    broken = []
    for size, result in run["sizes"].items():
        broken += _click_day_broken(size, result.get("click_day"))
        if "load" not in result:  # --click-day alone
            continue
        for page, stats in result["load"].items():
            if stats["errors"]:
                broken.append(f"{size}: {page} answered {stats['errors']} errors")
            if stats.get("foreign"):
                broken.append(f"{size}: {page} showed another user's data {stats['foreign']}x")
        broken += [f"{size}: {p} not counted" for p, q in result["queries"].items() if q < 0]
        if "submissions" not in result:  # --pages-only
            continue
        sub = result["submissions"]
        if sub["errors"] or sub["duplicates"] or sub["missing"]:
            broken.append(f"{size}: submissions {sub}")
        if result["eligibility"]["not_evaluated"]:
            broken.append(f"{size}: eligibility {result['eligibility']}")
        if not result["pdf"]["ok"]:
            broken.append(f"{size}: the monitoring report failed")
    return broken


def _click_day_broken(size: str, day: dict | None) -> list[str]:
    """Never lost, doubled, early, out of order or shown to someone else."""
    if not day:
        return []
    wrong = [
        name
        for name in (
            "errors",
            "foreign",
            "duplicates",
            "missing",
            "missing_of_these",
            "order_inversions",
            "received_before_opening",
        )
        if day.get(name)
    ]
    if not day.get("early_refused"):
        wrong.append("early_refused")
    return [f"{size}: click day {name}={day.get(name)}" for name in wrong]


if __name__ == "__main__":
    sys.exit(main())
