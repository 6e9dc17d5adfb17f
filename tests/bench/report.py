"""The bench's table: one row per figure, one column per size, the growth between the
smallest and the largest size, the target and whether it is met."""

from __future__ import annotations

import math

from .pages import PAGES

TARGETS = {
    "p95_ms": 250,
    "growth": 1.5,
    "ratio_to_health_catalogue": 0.5,
    "eligibility_per_second": 2000,
    "ranking_seconds": 2,
    "indicators_seconds": 1,
    "pdf_seconds": 10,
    "pdf_ratio": 1.5,
}


def _get(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def rows() -> list[tuple[str, str, str, float | None]]:
    """(label, path in a size's result, kind of target, target)."""
    out = []
    for page in PAGES:
        out += [
            (f"{page}: p50 ms", f"load.{page}.p50_ms", "", None),
            (f"{page}: p95 ms", f"load.{page}.p95_ms", "max", TARGETS["p95_ms"]),
            (f"{page}: p99 ms", f"load.{page}.p99_ms", "", None),
            (f"{page}: req/s in the mix", f"load.{page}.rps", "", None),
            (f"{page}: errors", f"load.{page}.errors", "max", 0),
            (f"{page}: another user's data", f"load.{page}.foreign", "max", 0),
            (f"{page}: req/s alone (8 conn.), median", f"saturation.{page}.rps", "", None),
            (f"{page}: req/s alone, lowest window", f"saturation.{page}.rps_min", "", None),
            (f"{page}: req/s alone, highest window", f"saturation.{page}.rps_max", "", None),
            (
                f"{page}: / health req/s",
                f"saturation.{page}.ratio_to_health",
                "min" if page == "catalogue" else "",
                TARGETS["ratio_to_health_catalogue"] if page == "catalogue" else None,
            ),
            (f"{page}: queries", f"queries.{page}", "", None),
        ]
    out += [
        ("health: req/s alone (8 conn.), median", "saturation.health.rps", "", None),
        ("health: req/s alone, lowest window", "saturation.health.rps_min", "", None),
        ("health: req/s alone, highest window", "saturation.health.rps_max", "", None),
        ("eligibility: applications", "eligibility.evaluated", "", None),
        (
            "eligibility: applications/s",
            "eligibility.per_second",
            "min",
            TARGETS["eligibility_per_second"],
        ),
        ("ranking: entries", "ranking.entries", "", None),
        ("ranking: seconds", "ranking.seconds", "max", TARGETS["ranking_seconds"]),
        ("indicators (all 8): seconds", "indicators.seconds", "max", TARGETS["indicators_seconds"]),
        ("indicators: queries", "indicators.queries", "", None),
        (
            "monitoring PDF (data, charts, render): s",
            "pdf.pdf_seconds",
            "max",
            TARGETS["pdf_seconds"],
        ),
        ("WeasyPrint alone: seconds", "pdf.weasyprint_seconds", "", None),
        ("monitoring PDF / WeasyPrint", "pdf.ratio", "max", TARGETS["pdf_ratio"]),
        ("report: pages", "pdf.pages", "", None),
        ("XLSX with the operations: seconds", "pdf.xlsx_seconds", "", None),
        ("report job (PDF + XLSX): seconds", "pdf.job_seconds", "", None),
        ("supported operations", "pdf.operations", "", None),
        ("submissions: concurrent", "submissions.requests", "", None),
        ("submissions: per second", "submissions.per_second", "", None),
        ("submissions: errors", "submissions.errors", "max", 0),
        ("protocol numbers: duplicates", "submissions.duplicates", "max", 0),
        ("protocol numbers: missing", "submissions.missing", "max", 0),
        ("click day: submissions", "click_day.requests", "", None),
        ("click day: received per second", "click_day.per_second", "", None),
        ("click day: all numbered within s", "click_day.numbered_within_s", "", None),
        ("click day: numbered per second", "click_day.numbered_per_second", "", None),
        ("click day: p50 ms", "click_day.p50_ms", "", None),
        ("click day: p95 ms", "click_day.p95_ms", "", None),
        ("click day: p99 ms", "click_day.p99_ms", "", None),
        ("click day: errors", "click_day.errors", "max", 0),
        ("click day: 503s resent", "click_day.retried_503", "", None),
        ("click day: early post refused", "click_day.early_refused", "", None),
        ("click day: protocol duplicates", "click_day.duplicates", "max", 0),
        ("click day: protocol missing", "click_day.missing", "max", 0),
        ("click day: protocol vs receipt order", "click_day.order_inversions", "max", 0),
        ("click day: another user's data", "click_day.foreign", "max", 0),
        ("click day: catalogue p95 ms", "click_day.catalogue_during.p95_ms", "", None),
        ("click day: dashboard p95 ms", "click_day.dashboard_during.p95_ms", "", None),
        ("click day: health alone req/s", "click_day.health_alone.rps", "", None),
        ("web worker peak MB", "web_worker_peak_mb", "", None),
        ("report job peak MB", "pdf.peak_rss_mb", "", None),
        ("region generated in s", "generate_seconds", "", None),
    ]
    return out


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> None:
    """Print the table of saved runs, their sizes side by side:
    python -m tests.bench.report var/bench/latest.json [other-run.json ...]"""
    import json
    import sys

    runs = [json.loads(open(name).read()) for name in sys.argv[1:]]
    merged = dict(runs[0], sizes={})
    for run in runs:
        merged["sizes"].update(run["sizes"])
    merged["sizes"] = dict(sorted(merged["sizes"].items(), key=lambda item: int(item[0])))
    print_table(merged)


def print_table(run: dict) -> int:
    """Print the table; return the number of missed targets (at the largest size)."""
    sizes = list(run["sizes"])
    growth_pages = {f"load.{p}.p95_ms" for p in PAGES} | {f"load.{p}.p50_ms" for p in PAGES}
    header = ["figure", *[f"{int(s):,} apps" for s in sizes], "growth", "target", "met"]
    lines, missed = [], 0
    for label, path, kind, target in rows():
        values = [_get(run["sizes"][s], path) for s in sizes]
        growth = None
        if len(sizes) > 1 and path in growth_pages and values[0] and values[-1]:
            growth = round(values[-1] / values[0], 2)
        met = ""
        last = values[-1]
        if kind and last is not None:
            number = isinstance(last, int | float)
            ok = number and (last <= target if kind == "max" else last >= target)
            met = "yes" if ok else "NO"
            missed += not ok
        if growth is not None and path.endswith("p95_ms"):
            ok = growth <= TARGETS["growth"]
            met += "" if ok else " (growth NO)"
            missed += not ok
        target_text = f"{'<=' if kind == 'max' else '>='} {target}" if kind else ""
        if path.endswith("p95_ms"):
            target_text += f"; growth <= {TARGETS['growth']}"
        lines.append([label, *map(_fmt, values), _fmt(growth), target_text, met])
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(len(header))]
    print()
    print(f"TRINNO bench, {run['date']}, {run['machine']}")
    for row in [header, ["-" * w for w in widths], *lines]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print(f"targets missed at the largest size: {missed}")
    return missed


if __name__ == "__main__":
    main()
