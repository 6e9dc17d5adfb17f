"""Synthetic applications for the benchmark: a million applications over the three
schemes and every state, with their status histories, eligibility outcomes, scheme
details (audit, catalogue services, vouchers), monthly rankings and protocol counters.

One pass over the applications in submission order fills one Spool per table; the spools
are then loaded with COPY in dependency order. Protocol numbers are given in that order,
per call and year, so they are unique and gapless like the real ones
(funding.services.protocol_assign).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from trinno_portal.funding.workflow import TRANSITIONS
from trinno_portal.synthetic.accounts import Ids, Picker, Sizes
from trinno_portal.synthetic.copy import Spool, next_id, sequences_reset

CENT = Decimal("0.01")
START = dt.datetime(2019, 1, 7, 8, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 15, 18, 0, tzinfo=dt.UTC)
DRAFT_SHARE = 0.06

# The path of transitions (funding/workflow.py TRANSITIONS) that leads to each status.
_EVALUATED = ["submit", "mark_eligible"]
_FUNDED = [*_EVALUATED, "rank", "approve"]
PATHS: dict[str, list[str]] = {
    "submitted": ["submit"],
    "eligible": _EVALUATED,
    "not_eligible": ["submit", "mark_not_eligible"],
    "under_assessment": [*_EVALUATED, "start_assessment"],
    "info_requested": [*_EVALUATED, "start_assessment", "request_info"],
    "ranked": [*_EVALUATED, "rank"],
    "approved": _FUNDED,
    "rejected": [*_EVALUATED, "start_assessment", "reject"],
    "withdrawn": ["submit", "withdraw"],
    "in_progress": [*_FUNDED, "start_project"],
    "final_report": [*_FUNDED, "start_project", "submit_final_report"],
    "monitoring": [*_FUNDED, "start_project", "submit_final_report", "accept_final_report"],
    "closed": [*_FUNDED, "start_project", "submit_final_report", "accept_final_report", "close"],
}
# The state each transition leads to, from the workflow table itself.
TARGETS = {name: str(t.target) for name, t in TRANSITIONS.items()}
BY_APPLICANT = {"submit", "withdraw", "start_project", "submit_final_report"}
BY_SYSTEM = {"mark_eligible", "mark_not_eligible"}
REASONS = {
    "request_info": "Integrare il preventivo del fornitore.",
    "reject": "Progetto non coerente con le finalità del bando.",
    "withdraw": "Rinuncia dell'impresa.",
}
# Old applications have mostly reached an end; the last tenth of the timeline is still
# being worked on.
OLD_MIX = [
    ("closed", 40),
    ("monitoring", 12),
    ("rejected", 16),
    ("not_eligible", 14),
    ("withdrawn", 6),
    ("in_progress", 6),
    ("final_report", 2),
    ("approved", 2),
    ("eligible", 1),
    ("under_assessment", 1),
]
RECENT_MIX = [
    ("submitted", 4),
    ("eligible", 20),
    ("under_assessment", 12),
    ("info_requested", 4),
    ("ranked", 8),
    ("approved", 8),
    ("in_progress", 12),
    ("rejected", 10),
    ("not_eligible", 12),
    ("withdrawn", 4),
    ("final_report", 6),
]
RULES = {
    "audit": [
        "sme",
        "tuscan_seat",
        "ateco_manufacturing",
        "investment",
        "project_dates",
        "de_minimis",
        "budget",
    ],
    "catalogue": [
        "sme",
        "tuscan_seat",
        "sector",
        "project_cost",
        "services",
        "de_minimis",
        "budget_year",
    ],
    "voucher": ["tuscany", "course_start", "course_cost", "voucher_cap", "max_vouchers"],
}
AUDIT_TABLE = {"micro": (7500, 60), "small": (12500, 50), "medium": (20000, 40)}
VOUCHER_CAP = {"entrepreneur": 5000, "manager": 5000, "freelancer": 3000}


def _money(value: float | int) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_DOWN)


def _share(amount: Decimal, percent: Decimal | int) -> Decimal:
    return (amount * Decimal(percent) / 100).quantize(CENT, rounding=ROUND_DOWN)


def generate_applications(rng: random.Random, sizes: Sizes, ids: Ids, say: Callable) -> None:
    from audits.call.models import AuditApplication
    from catalogue.call.models import CatalogueApplication, ServiceRequest
    from catalogue.editions.models import Edition, Service
    from trinno_portal.funding.models import (
        Application,
        Call,
        EligibilityOutcome,
        ProtocolCounter,
        Ranking,
        RankingEntry,
        StatusChange,
    )
    from vouchers.call.models import Attendance, VoucherApplication

    calls = {c.scheme: c for c in Call.objects.order_by("open_on")}
    edition = Edition.objects.filter(state="published").order_by("-number").first()
    services = (
        list(
            Service.objects.filter(edition=edition).values_list(
                "id", "is_digital", "intensity_micro", "intensity_small", "intensity_medium"
            )
        )
        if edition
        else []
    )
    mix = [("audit", 50.0), ("catalogue", 40.0 if services else 0.0)]
    if sizes.people and ids.courses:
        mix.append(("voucher", 10.0))
    mix = [(s, w) for s, w in mix if s in calls and w > 0]
    scheme_of = Picker(rng, mix)
    old_status, recent_status = Picker(rng, OLD_MIX), Picker(rng, RECENT_MIX)

    a_cols = [
        "id",
        "call_id",
        "scheme",
        "enterprise_id",
        "person_id",
        "created_by_id",
        "status",
        "protocol_number",
        "protocol_year",
        "protocol_seq",
        "submitted_at",
        "approved_at",
        "province",
        "size_class",
        "total_cost",
        "eligible_cost",
        "grant_amount",
        "final_grant",
        "digital_amount",
        "eligibility_checked_at",
        "assigned_to_id",
        "due_on",
        "version",
        "created_at",
        "updated_at",
    ]
    spools = {
        "app": Spool(Application, a_cols),
        "change": Spool(
            StatusChange,
            [
                "id",
                "application_id",
                "transition",
                "from_status",
                "to_status",
                "by_id",
                "at",
                "reason",
            ],
        ),
        "outcome": Spool(
            EligibilityOutcome,
            [
                "id",
                "application_id",
                "rule",
                "position",
                "passed",
                "message",
                "message_en",
                "legal_reference",
                "evaluated_at",
            ],
        ),
        "audit": Spool(
            AuditApplication,
            [
                "application_id",
                "provider_name",
                "provider_vat_number",
                "provider_requirements",
                "project_summary",
                "planned_start",
                "planned_end",
                "stamp_duty_serial",
                "de_minimis_declared",
            ],
        ),
        "catalogue": Spool(
            CatalogueApplication,
            [
                "application_id",
                "edition_id",
                "project_summary",
                "de_minimis_declared",
                "ateco_code",
                "sector",
            ],
        ),
        "service": Spool(
            ServiceRequest,
            [
                "id",
                "application_id",
                "service_id",
                "provider_name",
                "provider_vat_number",
                "provider_requirements",
                "cost",
                "intensity",
                "aid_amount",
                "is_digital",
                "position",
            ],
        ),
        "voucher": Spool(
            VoucherApplication,
            [
                "application_id",
                "course_id",
                "requested_amount",
                "person_status",
                "enrolment_confirmed_at",
            ],
        ),
        "attendance": Spool(
            Attendance, ["application_id", "hours_attended", "reported_by_id", "reported_at"]
        ),
        "entry": Spool(
            RankingEntry,
            [
                "id",
                "ranking_id",
                "application_id",
                "position",
                "score",
                "grant_amount",
                "cumulative",
                "funded",
            ],
        ),
    }
    next_ids = {
        "app": next_id(Application),
        "change": next_id(StatusChange),
        "outcome": next_id(EligibilityOutcome),
        "service": next_id(ServiceRequest),
        "entry": next_id(RankingEntry),
        "ranking": next_id(Ranking),
    }
    counters: dict[tuple[int, int], int] = defaultdict(int)
    rankings: dict[tuple[int, dt.date], list] = {}  # (call, month) -> [id, position, cum]
    staff = ids.staff_users or [None]
    drafts = int(sizes.applications * DRAFT_SHARE)
    submitted_count = sizes.applications - drafts
    step = (END - START) / max(submitted_count, 1)
    now = timezone.now()
    draft_keys: set[tuple[int, int]] = set()

    def take(key: str) -> int:
        value = next_ids[key]
        next_ids[key] += 1
        return value

    def applicant(scheme: str) -> tuple | None:
        """(enterprise_id, person_id, user_id, province, size_class, facts)"""
        if scheme == "voucher":
            n = rng.randrange(sizes.people)
            province, status = ids.person_facts[n]
            return None, ids.first_person + n, ids.first_person_user + n, province, "", status
        n = rng.randrange(sizes.enterprises)
        province, size, ateco, _startup = ids.enterprise_facts[n]
        return ids.first_enterprise + n, None, ids.first_enterprise_user + n, province, size, ateco

    for index in range(sizes.applications):
        draft = index >= submitted_count
        scheme = scheme_of()
        call = calls[scheme]
        enterprise_id, person_id, user_id, province, size, extra = applicant(scheme)
        if draft and enterprise_id is not None:
            # One draft per enterprise and call (constraint one_draft_per_enterprise_and_call).
            if (call.pk, enterprise_id) in draft_keys:
                continue
            draft_keys.add((call.pk, enterprise_id))
        if size == "large":
            size = "medium"  # the snapshot of an application that got this far
        app_id = take("app")
        if draft:
            status = "draft"
            created = now - dt.timedelta(minutes=rng.randrange(60, 150 * 24 * 60))
            submitted = None
        else:
            submitted = START + step * index + dt.timedelta(seconds=rng.random() * 60)
            recent = index >= submitted_count * 0.9
            status = (recent_status if recent else old_status)()
            created = submitted - dt.timedelta(days=rng.randint(1, 20), minutes=rng.randrange(600))
        path = PATHS.get(status, [])
        evaluated = len(path) > 1 and path[1] in BY_SYSTEM

        # Amounts, by scheme.
        digital = Decimal("0.00")
        requests: list[tuple] = []
        if scheme == "audit":
            cap, rate = AUDIT_TABLE.get(size, AUDIT_TABLE["medium"])
            total = _money(rng.randrange(5000, cap + 1))
            grant = _share(total, rate)
        elif scheme == "catalogue":
            chosen = rng.sample(services, min(len(services), rng.randint(1, 3)))
            total, grant = Decimal("0.00"), Decimal("0.00")
            for position, (sid, is_digital, i_micro, i_small, i_medium) in enumerate(chosen):
                cost = _money(rng.randrange(5000, 40000))
                intensity = {"micro": i_micro, "small": i_small}.get(size, i_medium) or 50
                aid = _share(cost, intensity)
                total += cost
                grant += aid
                digital += cost if is_digital else 0
                requests.append((sid, cost, intensity, aid, is_digital, position))
        else:
            course_id, course_cost, course_start, agency_user = rng.choice(ids.courses)
            total = min(course_cost, Decimal(VOUCHER_CAP[extra]))
            grant = total
        ok = status not in ("not_eligible", "draft", "submitted") and evaluated
        if status == "withdrawn":
            ok = False

        # Status history.
        at = submitted
        version = 1
        assigned = None
        due_on = None
        checked_at = None
        approved_at = None
        for number, transition in enumerate(path):
            if transition in BY_SYSTEM:
                at = at + dt.timedelta(minutes=2)
                checked_at = at
            elif number:
                at = at + dt.timedelta(days=rng.randint(3, 40))
            at = min(at, now)
            by = (
                user_id
                if transition in BY_APPLICANT
                else (None if transition in BY_SYSTEM else rng.choice(staff))
            )
            if transition == "approve":
                approved_at = at  # as application_approve writes it: its status change's time
            if transition in ("start_assessment", "request_info") and assigned is None:
                assigned = rng.choice(staff)
            source = "draft" if number == 0 else TARGETS[path[number - 1]]
            spools["change"].add(
                (
                    take("change"),
                    app_id,
                    transition,
                    source,
                    TARGETS[transition],
                    by,
                    at,
                    REASONS.get(transition, ""),
                )
            )
            version += 1
        if status == "info_requested":
            due_on = (at + dt.timedelta(days=30)).date()
        updated = at or created

        # Protocol number: per call and year, in submission order.
        number = year = seq = None
        if submitted is not None:
            year = timezone.localtime(submitted).year
            counters[(call.pk, year)] += 1
            seq = counters[(call.pk, year)]
            number = f"{call.protocol_prefix}-{year}-{seq:06d}"
        final = _share(grant, rng.randint(85, 100)) if status in ("monitoring", "closed") else None
        spools["app"].add(
            (
                app_id,
                call.pk,
                scheme,
                enterprise_id,
                person_id,
                user_id,
                status,
                number,
                year,
                seq,
                submitted,
                approved_at,
                province,
                size,
                total,
                total if ok else None,
                grant if ok else None,
                final,
                digital,
                checked_at,
                assigned,
                due_on,
                version,
                created,
                updated,
            )
        )

        # Eligibility outcomes: every rule of the scheme, one failed if not eligible.
        if evaluated:
            rules = RULES[scheme]
            failed = rng.randrange(len(rules)) if path[1] == "mark_not_eligible" else -1
            for position, rule in enumerate(rules):
                passed = position != failed
                spools["outcome"].add(
                    (
                        take("outcome"),
                        app_id,
                        rule,
                        position,
                        passed,
                        f"Requisito «{rule}» {'soddisfatto' if passed else 'non soddisfatto'}.",
                        f"Requirement “{rule}” {'met' if passed else 'not met'}.",
                        "Bando, art. 3",
                        checked_at,
                    )
                )

        # Scheme details.
        signed = status in ("in_progress", "final_report", "monitoring", "closed")
        if scheme == "audit":
            start_day = (submitted or created).date() + dt.timedelta(days=30)
            spools["audit"].add(
                (
                    app_id,
                    f"Centro servizi {rng.choice(('Arezzo', 'Firenze', 'Pisa'))}",
                    "01234567897",
                    "Centro di competenza accreditato.",
                    "Analisi della maturità digitale dei processi produttivi.",
                    start_day,
                    start_day + dt.timedelta(days=180),
                    f"{rng.randrange(10**13, 10**14)}",
                    True,
                )
            )
        elif scheme == "catalogue":
            sector = "manufacturing" if extra in _MANUFACTURING else "tertiary"
            spools["catalogue"].add(
                (app_id, edition.pk, "Servizi per la trasformazione digitale.", True, extra, sector)
            )
            for sid, cost, intensity, aid, is_digital, position in requests:
                spools["service"].add(
                    (
                        take("service"),
                        app_id,
                        sid,
                        "Fornitore qualificato srl",
                        "01234567897",
                        "Requisiti del catalogo.",
                        cost,
                        intensity,
                        aid,
                        is_digital,
                        position,
                    )
                )
        else:
            spools["voucher"].add((app_id, course_id, total, extra, submitted))
            if signed:
                spools["attendance"].add((app_id, Decimal("16.0"), agency_user, at))

        # Monthly rankings (calls with a ranking): every application that was ranked.
        if "rank" in path and call.ranking_frequency == "monthly":
            month = timezone.localtime(submitted).date().replace(day=1)
            slot = rankings.get((call.pk, month))
            if slot is None:
                slot = rankings[(call.pk, month)] = [take("ranking"), 0, Decimal("0.00")]
            slot[1] += 1
            slot[2] += grant
            spools["entry"].add(
                (
                    take("entry"),
                    slot[0],
                    app_id,
                    slot[1],
                    Decimal("0.00"),
                    grant,
                    slot[2],
                    status != "ranked",
                )
            )

    loaded = {}
    for key in (
        "app",
        "change",
        "outcome",
        "audit",
        "catalogue",
        "service",
        "voucher",
        "attendance",
    ):
        loaded[key] = spools[key].load()
    say("applications", loaded["app"])
    say("status changes", loaded["change"])
    say("eligibility outcomes", loaded["outcome"])
    say("scheme details", loaded["audit"] + loaded["catalogue"] + loaded["voucher"])
    say("requested services", loaded["service"])

    ranking_rows = Spool(
        Ranking,
        [
            "id",
            "call_id",
            "period_start",
            "period_end",
            "state",
            "available_at_freeze",
            "frozen_at",
            "frozen_by_id",
        ],
    )
    last_month = timezone.localdate().replace(day=1)
    for (call_id, month), (ranking_id, _n, _cum) in sorted(rankings.items()):
        end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        frozen_at = dt.datetime.combine(end, dt.time(10), tzinfo=dt.UTC) + dt.timedelta(days=3)
        ranking_rows.add(
            (
                ranking_id,
                call_id,
                month,
                end,
                "approved" if month < last_month else "frozen",
                Decimal("0.00"),
                frozen_at,
                staff[0],
            )
        )
    say("rankings", ranking_rows.load())
    say("ranking entries", spools["entry"].load())

    counter_rows = Spool(ProtocolCounter, ["id", "call_id", "year", "last_seq"])
    first = next_id(ProtocolCounter)
    for n, ((call_id, year), last) in enumerate(sorted(counters.items())):
        counter_rows.add((first + n, call_id, year, last))
    counter_rows.load()
    sequences_reset(
        [
            Application,
            StatusChange,
            EligibilityOutcome,
            ServiceRequest,
            Ranking,
            RankingEntry,
            ProtocolCounter,
        ]
    )


_MANUFACTURING = {"32.12.10", "25.62.00", "14.13.10", "10.71.10", "28.41.00", "22.29.09"}
