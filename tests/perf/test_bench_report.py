"""The bench's arithmetic: percentiles, the growth column and the targets it flags."""

from tests.bench.load import Sample, summarise
from tests.bench.report import print_table


def test_it_summarises_latencies_and_counts_errors():
    samples = [Sample("catalogue", ms / 1000, True) for ms in range(1, 101)]
    samples.append(Sample("catalogue", 5.0, False))
    summary = summarise(samples, duration=10.0)
    assert summary["requests"] == 101
    assert summary["errors"] == 1
    assert summary["rps"] == 10.1
    assert summary["p50_ms"] == 50.5
    assert 95 <= summary["p95_ms"] <= 96
    assert summary["p99_ms"] < 100  # the failed request's 5 s is not a latency


def _size(p95: float, indicators: float) -> dict:
    page = {"p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95, "rps": 1.0, "errors": 0}
    return {
        "load": {"catalogue": page},
        "saturation": {"catalogue": {"rps": 60.0, "ratio_to_health": 0.6}},
        "indicators": {"seconds": indicators, "queries": 2},
    }


def test_it_flags_growth_and_missed_targets(capsys):
    run = {
        "date": "2026-11-25",
        "machine": "test",
        "sizes": {"10000": _size(100.0, 0.2), "1000000": _size(200.0, 3.0)},
    }
    missed = print_table(run)
    out = capsys.readouterr().out
    catalogue_p95 = next(line for line in out.splitlines() if "catalogue: p95" in line)
    assert "2.00" in catalogue_p95 and "growth NO" in catalogue_p95
    indicators = next(line for line in out.splitlines() if "indicators (all 8)" in line)
    assert indicators.rstrip().endswith("NO")
    assert missed == 2
