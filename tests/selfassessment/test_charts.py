import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from trinno_portal.lib.charts import bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_it_returns_valid_svg_with_the_labels_as_text():
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


def test_it_gives_the_same_markup_for_the_same_data():
    args = (["A", "B"], [1, 2])
    assert bar_chart_svg(*args, title="T") == bar_chart_svg(*args, title="T")


def test_it_refuses_labels_and_values_of_different_length():
    with pytest.raises(ValueError):
        bar_chart_svg(["A"], [1, 2], title="T")
