"""The SVG charts of the self-assessment, the monitoring dashboard and its PDF."""

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from trinno_portal.lib.charts import bar_chart_svg
from trinno_portal.lib.charts_trend import trend_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_it_returns_valid_svg_with_the_labels_as_text():
    with translation.override("en"):
        svg = bar_chart_svg(
            ["Acquisti", "Ricerca e sviluppo", "R&D <prove>"],
            [Decimal("25.0"), 62.5, Decimal("100")],
            title="Punteggio per area",
            width_px=600,
            height_px=300,
        )
    root = ET.fromstring(svg)  # noqa: S314 (our own output) well-formed, no XML prolog to break inline HTML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Punteggio per area"
    texts = {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}
    assert {"Acquisti", "Ricerca e sviluppo", "R&D <prove>", "Punteggio per area"} <= texts
    assert {"25.0", "62.5", "100.0"} <= texts
    assert root.get("width") == "450pt"  # 600 px at 96 dpi


def test_it_writes_numbers_as_the_tables_do_in_each_language():
    values = [Decimal("1234.5"), 62.5]
    with translation.override("it"):
        italian = _texts(bar_chart_svg(["A", "B"], values, title="T", max_value=2000, unit=" %"))
        trend = _texts(
            trend_chart_svg(
                [dt.date(2026, 1, 1)], {"A": [4600000]}, title="T", target=5000000, unit=" EUR"
            )
        )
    with translation.override("en"):
        english = _texts(bar_chart_svg(["A", "B"], values, title="T", max_value=2000, unit=" %"))
    assert {"1.234,5 %", "62,5 %"} <= italian
    assert {"1,234.5 %", "62.5 %"} <= english
    assert {"4.600.000 EUR", "Target: 5.000.000 EUR"} <= trend


def test_it_gives_the_same_markup_for_the_same_data():
    args = (["A", "B"], [1, 2])
    assert bar_chart_svg(*args, title="T") == bar_chart_svg(*args, title="T")


def test_it_refuses_labels_and_values_of_different_length():
    with pytest.raises(ValueError):
        bar_chart_svg(["A"], [1, 2], title="T")


def _texts(svg: str) -> set[str]:
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    return {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}


def test_a_label_too_long_for_the_margin_is_shortened_not_cut_off():
    long = "Una voce lunghissima che non entrerebbe mai nel margine sinistro del grafico"
    texts = _texts(bar_chart_svg([long, "Breve"], [10, 20], title="T", width_px=400))
    assert "Breve" in texts
    shortened = next(t for t in texts if t.endswith("…"))
    assert long.startswith(shortened[:-1])


def test_a_trend_chart_writes_its_dates_series_last_value_and_target_as_text():
    dates = [dt.date(2026, month, 1) for month in (1, 2, 3)]
    svg = trend_chart_svg(
        dates,
        {"Toscana": [Decimal(10), Decimal(20), Decimal(35)], "Arezzo": [1, 2, 3]},
        title="T1 · andamento",
        target=Decimal(50),
        target_label="Obiettivo",
        unit=" EUR",
    )
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert root.get("aria-label") == "T1 · andamento"
    texts = _texts(svg)
    assert {"01/2026", "02/2026", "03/2026", "Toscana", "Arezzo"} <= texts
    assert {"35 EUR", "3 EUR", "Obiettivo: 50 EUR", "T1 · andamento"} <= texts
    # One line per series; the y axis reaches above both the data and the target.
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert max(int(t.replace(",", "")) for t in texts if t.replace(",", "").isdigit()) >= 50


def test_a_trend_chart_without_data_still_draws_its_axes_and_target():
    svg = trend_chart_svg([], {}, title="Vuoto", target=Decimal(40))
    assert "Target: 40" in _texts(svg)


def test_a_trend_chart_refuses_a_series_of_another_length():
    with pytest.raises(ValueError):
        trend_chart_svg([dt.date(2026, 1, 1)], {"A": [1, 2]}, title="T")


def test_weasyprint_draws_the_charts_without_a_warning(caplog):
    # Charts written with properties WeasyPrint does not know would log a warning for
    # every element of every chart (thousands per monitoring report).
    from weasyprint import HTML

    charts = bar_chart_svg(["A", "B"], [1, 2], title="Barre") + trend_chart_svg(
        [dt.date(2026, 1, 1), dt.date(2026, 2, 1)], {"A": [1, 2]}, title="Linee", target=3
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=f"<html><body>{charts}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
