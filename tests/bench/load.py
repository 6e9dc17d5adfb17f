"""A small open-loop-free HTTP/1.1 load generator on asyncio (standard library only).

Why not locust: on a 2-core machine the load generator competes with gunicorn and
PostgreSQL for the same cores; locust (gevent, one core per worker) costs several times
more CPU per request than this client, and adds ~15 packages next to the portal's pins.
This client keeps one keep-alive connection per virtual user, sets the session cookie
prepared in advance (no login form, no allauth rate limits) and records every request's
latency and status (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool
    # A response that carried another user's data (pages.foreign_check): never expected.
    foreign: bool = False
    # When it was sent, on the perf_counter clock (the click day's timeline).
    at: float = 0.0


# The applications a page links to: how the bench tells whose data a response shows.
APPLICATION_LINK = re.compile(rb"/domanda/(\d+)/")


# The click day's waiting page (funding/journey/views_intake.py), and how long one client
# waits there before it counts as an error.
INTAKE_PATH = "/pratiche/ricezione/"
WAIT_LIMIT_SECONDS = 900.0


def linked_applications(body: bytes) -> set[int]:
    return {int(n) for n in APPLICATION_LINK.findall(body)}


@dataclass
class Connection:
    host: str
    port: int
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, cookies: str = "", body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nConnection: keep-alive\r\n"
                f"User-Agent: trinno-bench\r\nAccept-Language: it\r\n"
            )
            if cookies:
                head += f"Cookie: {cookies}\r\n"
            if method == "POST":
                head += (
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\n"
                )
            try:
                self.writer.write(head.encode() + b"\r\n" + body)
                await self.writer.drain()
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise ConnectionError("unreachable")

    async def _response(self) -> tuple[int, dict[str, str], bytes]:
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _sep, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0

    def summary(self) -> dict[str, dict]:
        duration = max(self.ended - self.started, 1e-9)
        pages: dict[str, list[Sample]] = {}
        for s in self.samples:
            pages.setdefault(s.page, []).append(s)
        return {page: summarise(items, duration) for page, items in sorted(pages.items())}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def summarise(items: list[Sample], duration: float) -> dict:
    times = sorted(s.seconds * 1000 for s in items if s.ok)
    return {
        "requests": len(items),
        "errors": sum(1 for s in items if not s.ok),
        "foreign": sum(1 for s in items if s.foreign),
        "rps": round(len(items) / duration, 1),
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
    }


async def _virtual_user(
    vu: int,
    host: str,
    port: int,
    pick: Callable[[random.Random], str],
    url_for: Callable[[str, int], tuple[str, str]],
    stop_at: float,
    think: tuple[float, float],
    stats: Stats,
    seed: int,
    foreign: Callable[[str, int, bytes], bool] | None = None,
) -> None:
    rng = random.Random(seed * 1000 + vu)
    connection = Connection(host, port)
    await asyncio.sleep(rng.uniform(0, think[1]))  # ramp: users do not all start together
    while time.perf_counter() < stop_at:
        page = pick(rng)
        path, session = url_for(page, vu)
        started = time.perf_counter()
        try:
            status, _headers, body = await connection.request(
                "GET", path, f"sessionid={session}" if session else ""
            )
            ok = status == 200
            alien = bool(foreign and session and foreign(page, vu, body))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            ok, alien = False, False
            connection.close()
        stats.samples.append(Sample(page, time.perf_counter() - started, ok, alien))
        if think[1]:
            await asyncio.sleep(rng.uniform(*think))
    connection.close()


def run_mix(
    *,
    host: str,
    port: int,
    users: int,
    seconds: float,
    weights: dict[str, float],
    url_for: Callable[[str, int], tuple[str, str]],
    think: tuple[float, float] = (0.5, 1.5),
    seed: int = 8,
    foreign: Callable[[str, int, bytes], bool] | None = None,
) -> Stats:
    """`users` virtual users for `seconds`, each asking a page of the mix, then thinking."""
    pages, cumulative, total = list(weights), [], 0.0
    for page in pages:
        total += weights[page]
        cumulative.append(total)

    def pick(rng: random.Random) -> str:
        r = rng.random() * total
        return next(p for p, c in zip(pages, cumulative, strict=True) if r < c)

    stats = Stats()

    async def main() -> None:
        stats.started = time.perf_counter()
        stop_at = stats.started + seconds
        await asyncio.gather(
            *(
                _virtual_user(vu, host, port, pick, url_for, stop_at, think, stats, seed, foreign)
                for vu in range(users)
            )
        )
        stats.ended = time.perf_counter()

    asyncio.run(main())
    return stats


def saturate(
    *,
    host: str,
    port: int,
    page: str,
    url_for,
    seconds: float,
    concurrency: int = 8,
    windows: int = 1,
) -> dict:
    """Requests per second of one page with `concurrency` users and no think time, over
    `windows` windows of `seconds` each: the median window's figures, with the spread
    (on a shared machine one window alone can be a neighbour's build)."""
    results = []
    for _w in range(max(1, windows)):
        stats = run_mix(
            host=host,
            port=port,
            users=concurrency,
            seconds=seconds,
            weights={page: 1.0},
            url_for=url_for,
            think=(0.0, 0.0),
        )
        results.append(stats.summary().get(page, {"rps": 0.0, "errors": 0, "requests": 0}))
    ordered = sorted(results, key=lambda r: r["rps"])
    median = dict(ordered[len(ordered) // 2])
    median["rps"] = round(statistics.median(r["rps"] for r in results), 1)
    median["rps_min"], median["rps_max"] = ordered[0]["rps"], ordered[-1]["rps"]
    median["windows"] = len(results)
    median["errors"] = sum(r["errors"] for r in results)
    return median


def post_all(*, host: str, port: int, requests: list[tuple[str, str, bytes]]) -> list[tuple]:
    """Send every POST at once, each on its own connection: (status, location, seconds).
    A 503 of the submit path's admission control is resent after its Retry-After, as the
    page's script does (funding/admission.py)."""

    async def one(path: str, cookies: str, body: bytes) -> tuple:
        connection = Connection(host, port)
        started = time.perf_counter()
        try:
            while True:
                status, headers, _body = await connection.request("POST", path, cookies, body)
                if status != 503:
                    break
                await asyncio.sleep(float(headers.get("retry-after", "1")) + random.random())
        except (OSError, asyncio.IncompleteReadError):
            status, headers = 0, {}
        finally:
            connection.close()
        return status, headers.get("location", ""), time.perf_counter() - started

    async def main() -> list[tuple]:
        return await asyncio.gather(*(one(*r) for r in requests))

    return asyncio.run(main())


def click_day(
    *,
    host: str,
    port: int,
    drafts: list[dict],
    opens_at: float,
    spread: float,
    url_for,
    readers: int = 20,
    think: tuple[float, float] = (0.5, 1.5),
    foreign: Callable[[str, int, bytes], bool] | None = None,
) -> dict:
    """The click day: one early POST two seconds before `opens_at` (epoch seconds, on this
    machine's clock, which is the server's on loopback), then every draft's POST spread
    over the first `spread` seconds after it, each resent after Retry-After on a 503 as
    the page's script does, each followed to its page and checked for foreign data;
    meanwhile `readers` visitors on the catalogue and `readers` applicants on their
    dashboards, each thinking `think` seconds between pages as in the page mix.

    Visitors who think, not clients that ask again the instant they are answered: those
    take whatever CPU the server gives them, so that what the rush got was what the
    readers left (eight of them took a third of it). The bare view's throughput, the
    measure of the stack, is taken alone in the same run (run.py: click_day).
    """
    everyone = {d["application"] for d in drafts}
    posts: list[dict] = []
    reads = Stats()

    def form(d: dict) -> tuple[str, str, bytes]:
        return (
            f"/audit/domanda/{d['application']}/riepilogo/",
            f"sessionid={d['session']}; csrftoken={d['csrf']}",
            f"csrfmiddlewaretoken={d['csrf']}&version={d['version']}".encode(),
        )

    async def at(instant: float) -> None:
        await asyncio.sleep(max(0.0, instant - time.time()))

    async def submit(d: dict, instant: float) -> dict:
        await at(instant)
        path, cookies, body = form(d)
        connection = Connection(host, port)
        started = time.perf_counter()
        record = {"application": d["application"], "status": 0, "retries": 0, "foreign": False}
        record["numbered_at"] = 0.0
        try:
            while True:
                status, headers, page = await connection.request("POST", path, cookies, body)
                if status != 503:
                    break
                record["retries"] += 1
                await asyncio.sleep(float(headers.get("retry-after", "1")) + random.random())
            record["status"], record["location"] = status, headers.get("location", "")
            record["seconds"] = time.perf_counter() - started
            own = {d["application"]}
            # A call with an opening instant answers with its waiting page (funding/intake.py):
            # reload it as its Refresh header says until it leads to the numbered application.
            waited_until = time.perf_counter() + WAIT_LIMIT_SECONDS
            h = headers
            while status == 200 and INTAKE_PATH in h.get("refresh", ""):
                record["foreign"] |= bool(linked_applications(page) & (everyone - own))
                seconds, _sep, url = h["refresh"].partition("; url=")
                await asyncio.sleep(float(seconds))
                if time.perf_counter() > waited_until:
                    status = record["status"] = 0
                    break
                record["waits"] = record.get("waits", 0) + 1
                status, h, page = await connection.request("GET", url, cookies)
                if status == 302:
                    record["status"], record["location"] = status, h.get("location", "")
                elif status != 200:
                    record["status"] = status
            record["numbered_at"] = time.time()
            if status == 302:
                _s, _h, page = await connection.request("GET", record["location"], cookies)
                record["foreign"] |= bool(linked_applications(page) & (everyone - own))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            record["status"] = 0
        finally:
            connection.close()
        return record

    rush_over = asyncio.Event()

    async def reader(page: str, vu: int, stop_at: float) -> None:
        connection = Connection(host, port)
        rng = random.Random(vu)
        await asyncio.sleep(rng.uniform(0, think[1]))  # visitors do not all arrive together
        # During the rush: until every submission is numbered, at least `spread` + 2 s.
        while time.time() < stop_at or not rush_over.is_set():
            path, session = url_for(page, vu)
            started = time.perf_counter()
            try:
                status, _h, body = await connection.request(
                    "GET", path, f"sessionid={session}" if session else ""
                )
                ok = status == 200
                alien = bool(foreign and session and foreign(page, vu, body))
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok, alien = False, False
                connection.close()
            reads.samples.append(Sample(page, time.perf_counter() - started, ok, alien, started))
            await asyncio.sleep(rng.uniform(*think))
        connection.close()

    async def main() -> tuple[dict, list[dict]]:
        early = await submit(drafts[0], opens_at - 2.0)
        stop_at = opens_at + spread + 2.0
        rng = random.Random(24)
        tasks = [
            asyncio.ensure_future(submit(d, opens_at + rng.uniform(0, spread))) for d in drafts
        ]
        readers_ = [
            asyncio.ensure_future(reader(page, vu, stop_at))
            for page in ("catalogue", "dashboard")
            for vu in range(readers)
        ]
        reads.started = time.perf_counter()
        done = await asyncio.gather(*tasks)
        rush_over.set()
        await asyncio.gather(*readers_)
        reads.ended = time.perf_counter()
        return early, done

    early, posts = asyncio.run(main())
    ok = [
        p
        for p in posts
        if p["status"] == 302 and p["location"].rstrip("/").endswith(f"/domanda/{p['application']}")
    ]
    times = sorted(p["seconds"] * 1000 for p in ok)
    first = opens_at  # the rush is measured from the opening instant
    last = max((p["seconds"] for p in ok), default=0.0) + spread
    numbered = max((p["numbered_at"] for p in ok), default=opens_at) - opens_at
    summary = reads.summary()
    return {
        "requests": len(posts),
        "submitted_ok": len(ok),
        "errors": len(posts) - len(ok),
        "retried_503": sum(p["retries"] for p in posts),
        "early_refused": early["status"] == 302 and early["location"].endswith("/riepilogo/"),
        # What the early post met, to tell a resend after a 503 from a late arrival.
        "early_post": {k: early.get(k) for k in ("status", "location", "retries", "seconds")},
        # Received: the POST's answer (the waiting page, or the application where the call
        # numbers in the request); numbered: the last application's number, from the instant.
        "per_second": round(len(ok) / last, 1) if last else None,
        "waiting_pages": sum(p.get("waits", 0) for p in posts),
        "numbered_within_s": round(numbered, 1),
        "numbered_per_second": round(len(ok) / numbered, 1) if numbered > 0 else None,
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "foreign": sum(1 for p in posts if p["foreign"])
        + sum(1 for s in reads.samples if s.foreign),
        "catalogue_during": summary.get("catalogue", {}),
        # The readers' p95 in each 10 s from the opening: where in the rush a page waited.
        "readers_p95_ms_by_10s": _by_window(reads, opens_at - time.time() + time.perf_counter()),
        "dashboard_during": summary.get("dashboard", {}),
        "opens_at": first,
    }


def _by_window(reads: Stats, opening: float, width: float = 10.0) -> list[float]:
    windows: dict[int, list[float]] = {}
    for sample in reads.samples:
        if sample.ok:
            windows.setdefault(int((sample.at - opening) // width), []).append(sample.seconds)
    return [
        round(percentile(sorted(windows.get(w, [])), 95) * 1000, 1)
        for w in range(0, max(windows, default=-1) + 1)
    ]
