"""The monitoring report as PDF, rendered from the content stored with the report
(monitoring/report_content.py) and nothing else, so that the same content gives the same
bytes: the PDF's dates are the data date, its identifier is derived from the HTML, and
nothing in it says when or by which record it was rendered."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML

from trinno_portal.lib.charts import bar_chart_svg
from trinno_portal.lib.charts_trend import trend_chart_svg
from trinno_portal.lib.pdf import PDF_BASE_URL, StaticFilesFetcher

TEMPLATE = "monitoring/report_pdf.html"
# The outreach section (events, advice) is another part of the portal's: its template
# fills this include with the context key "outreach" (None: the section is left out).
OUTREACH_TEMPLATE = "monitoring/pdf/_outreach.html"
# A line needs three points to show a trend; with fewer the table says it all.
TREND_MIN_POINTS = 3


def _trend_chart(row: dict[str, Any]) -> str:
    points = row["trend"]
    return trend_chart_svg(
        [dt.date.fromisoformat(on) for on, _value in points],
        {row["scope"]: [Decimal(value) for _on, value in points]},
        title=f"{row['code']} · {_('trend against target')}",
        target=Decimal(row["target"]),
        target_label=_("Target"),
        unit=" EUR" if row["unit"] == "eur" else "",
    )


def charts(content: dict[str, Any]) -> dict[str, Any]:
    """The charts of the content, drawn in the active language (a fraction of a
    millisecond each): attainment of every target, and a trend only where there is one."""
    rows = content["indicators"]
    values = [Decimal(row["attainment"]) for row in rows]
    comparison = bar_chart_svg(
        [f"{row['code']} ({row['scope']})" for row in rows],
        values,
        title=_("Attainment of targets (%)"),
        max_value=max([Decimal(100), *values]),
        unit=" %",
    )
    trends = [
        {"code": row["code"], "name": row["name"], "svg": _trend_chart(row)}
        for row in rows
        if len(row["trend"]) >= TREND_MIN_POINTS
    ]
    return {"comparison": comparison, "trends": trends}


def report_html(content: dict[str, Any], *, outreach: Any = None) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "c": content,
            "charts": charts(content),
            "outreach": outreach,
            "outreach_template": OUTREACH_TEMPLATE,
        },
    )


def report_pdf_render(content: dict[str, Any], *, outreach: Any = None) -> bytes:
    html = report_html(content, outreach=outreach)
    fetcher = StaticFilesFetcher(PDF_BASE_URL)
    # A fixed identifier from the document itself: WeasyPrint would otherwise leave it
    # out or vary it, and an archive compares reports by their SHA-256.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    return HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).write_pdf(
        pdf_identifier=identifier
    )
