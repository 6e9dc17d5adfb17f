"""What the monitoring report prints, as ONE JSON document stored with the report
(`Report.content`): the identity on its cover, the indicators, the plan's activities,
players and risks as staff had left them, the commentary, the calls and the money.

The PDF and the XLSX are both rendered from this document (monitoring/report_pdf.py,
monitoring/report_xlsx.py), so they print the same figures; a report generated again
renders the document it stored, so it is the same file byte for byte. Numbers are kept
as decimal strings and dates as ISO strings (JSON has neither type); texts are in the
report's language, as they were printed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from trinno_portal.accounts.geography import TUSCAN_NUTS3
from trinno_portal.accounts.models import SizeClass
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.pdf import file_data_uri

from . import reports, rules, selectors
from .models import Report, ReportIdentity
from .outreach.report import outreach_content

CONTENT_VERSION = 1

FUNDS = {"audit": "ERDF", "catalogue": "ERDF", "voucher": "ESF"}


def _num(value: Decimal | int | None) -> str | None:
    return None if value is None else str(value)


def identity_content() -> dict[str, Any]:
    identity = ReportIdentity.objects.order_by("pk").first() or ReportIdentity()
    return {
        "programme": identity.programme,
        "authority": identity.authority,
        "officer_name": identity.officer_name,
        "officer_role": identity.officer_role,
        "emblems": [
            uri
            for uri in (
                file_data_uri(identity.region_emblem),
                file_data_uri(identity.programme_emblem),
            )
            if uri
        ],
    }


def _indicators(data: reports.ReportData) -> list[dict[str, Any]]:
    return [
        {
            "code": row.indicator.code.upper(),
            "name": row.indicator.name,
            "scope": str(row.indicator.get_scope_display()),
            "unit": row.indicator.unit,
            "unit_label": str(row.indicator.get_unit_display()),
            "target": _num(row.indicator.target),
            "value": _num(row.value),
            "attainment": _num(row.attainment),
            "timing": row.indicator.timing,
            "means_of_verification": row.indicator.means_of_verification,
            "trend": [[point.on.isoformat(), _num(point.value)] for point in row.trend],
        }
        for row in data.indicators
    ]


def _activities(data: reports.ReportData) -> list[dict[str, Any]]:
    return [
        {
            "number": index,
            "title": activity.title,
            "progress": activity.progress_percent,
            "players": [player.name for player in activity.players.all()],
            "subactivities": [
                {
                    "title": sub.title,
                    "planned_start": sub.planned_start.isoformat(),
                    "planned_end": sub.planned_end.isoformat(),
                    "progress": sub.progress,
                    "status": str(sub.get_status_display()),
                    "late": sub.is_late,
                    "note": sub.note,
                }
                for sub in activity.subactivities.all()
            ],
        }
        for index, activity in enumerate(data.activities, start=1)
    ]


def _risks(data: reports.ReportData, numbers: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {
            "activity": numbers.get(risk.activity_id, 0),
            "title": risk.title,
            "probability": str(risk.get_probability_display()),
            "contingency_plan": risk.contingency_plan,
            "status": str(risk.get_status_display()),
            "note": risk.note,
        }
        for risk in data.risks
    ]


def _calls(data: reports.ReportData) -> list[dict[str, Any]]:
    calls = []
    for call in data.calls:
        envelopes = [
            {
                "kind": envelope.kind,
                "name": envelope.display_name,
                "amount": _num(envelope.amount),
                "committed": _num(envelope.committed),
                "available": _num(envelope.available),
            }
            for envelope in call.envelopes.all()
        ]
        calls.append(
            {
                "title": call.display_title,
                "fund": FUNDS.get(call.scheme, ""),
                "open_on": call.open_on.isoformat(),
                "total": _num(call.total_budget),
                "committed": _num(call.committed),
                "available": _num(call.available),
                "breakdowns": rules.envelope_breakdowns(envelopes),
            }
        )
    return calls


def _labels() -> dict[str, dict[str, str]]:
    chains = {
        "agrifood": _("Agri-food"),
        "fashion": _("Fashion (textiles, clothing, leather)"),
        "wood_paper_furniture": _("Wood, paper and furniture"),
        "chemicals_materials": _("Chemicals, pharmaceuticals, rubber, plastics and minerals"),
        "mechanics": _("Metals and mechanics"),
        "electronics": _("Electronics and electrical equipment"),
        "jewellery_other_manufacturing": _("Jewellery and other manufacturing"),
        "construction": _("Construction"),
        "commerce": _("Commerce"),
        "tourism": _("Tourism"),
        "ict": _("Information and communication"),
        rules.OTHER_SERVICES: _("Other services"),
        rules.INDIVIDUALS: _("Individuals (training vouchers)"),
    }
    sizes = {value: str(label) for value, label in SizeClass.choices}
    sizes[rules.INDIVIDUALS] = _("Individuals (training vouchers)")
    return {
        "status": {value: str(label) for value, label in Status.choices},
        "province": {code: f"{code} ({nuts})" for code, nuts in TUSCAN_NUTS3.items()},
        "size_class": sizes,
        "supply_chain": chains,
    }


def _money(start: dt.date, end: dt.date) -> dict[str, Any]:
    tables = rules.money_tables(selectors.supported_money_groups(start, end))
    labels = _labels()
    out: dict[str, Any] = {}
    for name, rows in tables.items():
        out[name] = [
            {
                "label": labels[name].get(row["key"], row["key"] or "—"),
                **{key: _num(row[key]) for key in rules.MONEY_SUMS},
            }
            for row in rows
        ]
    status_rows = tables["status"]
    out["total"] = {
        key: _num(sum((row[key] for row in status_rows), Decimal(0))) for key in rules.MONEY_SUMS
    }
    return out


def _common_indicators(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    values = selectors.common_indicator_values(start, end) | selectors.esf_participant_values(
        start, end
    )
    return [
        {
            "code": indicator.code.upper(),
            "fund": indicator.fund,
            "name": indicator.name,
            "value": _num(values[indicator.measure]),
            "target": _num(indicator.target),
            "attainment": _num(
                rules.attainment_percent(values[indicator.measure], indicator.target)
            ),
            "milestones": [[on, value] for on, value in sorted(indicator.milestones.items())],
        }
        for indicator in selectors.common_indicators_list()
    ]


def report_content_build(report: Report) -> dict[str, Any]:
    """Everything the report prints over its period, computed now (in the active
    language): a handful of aggregate queries, whatever the number of applications."""
    start, end = report.period_start, report.period_end
    # A report generated again from one made before the content was stored keeps at
    # least the indicator values that one printed.
    data = reports.report_data_build(start, end, figures=report.figures or None)
    numbers = {activity.pk: index for index, activity in enumerate(data.activities, start=1)}
    indicators = _indicators(data)
    money = _money(start, end)
    met = sum(1 for row in indicators if Decimal(row["attainment"]) >= 100)
    return {
        "version": CONTENT_VERSION,
        "language": report.language,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "identity": identity_content(),
        "commentary": report.commentary,
        "summary": {
            "indicators": len(indicators),
            "indicators_met": met,
            "enterprises": _num(data.measures.get(("enterprises_supported", "tuscany"))),
            "persons": _num(data.measures.get(("voucher_persons", "tuscany"))),
            "startups": _num(data.startups.get("tuscany")),
            "startups_arezzo": _num(data.startups.get("arezzo")),
        },
        "indicators": indicators,
        "common_indicators": _common_indicators(start, end),
        "comparison": [
            {
                "label": str(row["label"]),
                "is_money": row["is_money"],
                "tuscany": _num(row["tuscany"]["value"]),
                "arezzo": _num(row["arezzo"]["value"]),
            }
            for row in reports.comparison_rows(data)
        ],
        "activities": _activities(data),
        "players": [
            {"name": player.name, "role": player.role} for player in selectors.players_list()
        ],
        "risks": _risks(data, numbers),
        "calls": _calls(data),
        "applications": {
            "by_status": [
                {key: (str(value) if key == "label" else value) for key, value in row.items()}
                for row in data.by_status
            ],
            "by_province": data.by_province,
        },
        "money": money,
        "outreach": outreach_content(start, end),
    }


def content_figures(content: dict[str, Any]) -> dict[str, str]:
    """code -> value: what Report.figures keeps of the indicators printed."""
    return {row["code"].lower(): row["value"] for row in content.get("indicators", [])}
