"""The bench's steps that run inside Django, on the bench database named by DATABASE_URL.

    python -m tests.bench.django_side STEP [--n N] [--plan FILE]

Each step prints one JSON object on its last line of output; tests/bench/run.py reads it.
Steps: prepare (sessions and the URLs of the page mix), queries (queries per page),
eligibility, ranking, indicators, pdf, submissions-prepare, submissions-check,
clickday-prepare, clickday-check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import secrets
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trinno_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from trinno_portal.accounts.models import User  # noqa: E402
from trinno_portal.funding.models import Application, Call, Scheme  # noqa: E402
from trinno_portal.synthetic.accounts import BENCH_DOMAIN  # noqa: E402

from .pages import PAGES, page_url  # noqa: E402

CATALOGUE_TERMS = ["digitale", "audit", "fiere", "prototipo", "marketing", "studio"]


def _session(user: User) -> str:
    """A logged-in session, as after the login form (and, for staff, its TOTP code:
    the admin requires both, trinno_portal.security.middleware)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
        )
        now = time.time()
        store["account_authentication_methods_user"] = str(user.pk)
        store["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "type": "totp"},
        ]
    store.create()
    return store.session_key


def _users(prefix: str, n: int) -> list[User]:
    return list(
        User.objects.filter(email__startswith=prefix, email__endswith=f"@{BENCH_DOMAIN}").order_by(
            "id"
        )[:n]
    )


def prepare(n: int) -> dict:
    """Sessions for n SMEs that have audit applications, staff and officials; the URLs
    each virtual user asks for."""
    apps = list(
        Application.objects.filter(scheme=Scheme.AUDIT)
        .exclude(status="draft")
        .order_by("-id")
        .values_list("pk", "created_by_id")[: n * 4]
    )
    seen, smes = set(), []
    for pk, user_id in apps:
        if user_id not in seen:
            seen.add(user_id)
            smes.append((pk, user_id))
        if len(smes) == n:
            break
    users = {u.pk: u for u in User.objects.filter(pk__in=[u for _pk, u in smes])}
    staff, officials = _users("staff", 5), _users("official", 5)
    return {
        "sme": [{"session": _session(users[u]), "user": u, "application": pk} for pk, u in smes],
        "staff": [{"session": _session(u), "user": u.pk} for u in staff],
        "official": [{"session": _session(u), "user": u.pk} for u in officials],
        "terms": CATALOGUE_TERMS,
    }


def queries(plan: dict) -> dict:
    """Queries per page, counted in-process with the same URLs and users."""
    from django.test import Client

    result = {}
    for page in PAGES:
        counts = []
        for vu in range(2):
            path, session = page_url(page, vu, plan)
            client = Client(HTTP_HOST="127.0.0.1")
            if session:
                client.cookies[settings.SESSION_COOKIE_NAME] = session
            client.get(path)  # warm caches, as in the load run
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            counts.append(len(ctx.captured_queries) if response.status_code == 200 else -1)
        result[page] = max(counts)
    return result


def eligibility(n: int, timeout: float) -> dict:
    """Put the n newest evaluated applications back to "submitted", queue their jobs to
    the Celery worker (batches of BATCH_SIZE ids, as the sweep does) and wait until every
    one is evaluated again."""
    from trinno_portal.funding.eligibility import BATCH_SIZE
    from trinno_portal.funding.models import EligibilityOutcome
    from trinno_portal.funding.tasks import evaluate_eligibility_batch

    ids = list(
        Application.objects.filter(status__in=["eligible", "not_eligible"])
        .order_by("-id")
        .values_list("pk", flat=True)[:n]
    )
    with transaction.atomic():
        EligibilityOutcome.objects.filter(application_id__in=ids).delete()
        Application.objects.filter(pk__in=ids).update(
            status="submitted", eligibility_checked_at=None
        )
    # Progress is read as the submitted applications in the ids' range, minus those
    # that were submitted there before: a cheap count on the (status, submitted_at, id)
    # index, where an IN list of 100,000 ids every half second would take the workers'
    # CPU away from the work it measures.
    low, high = (min(ids), max(ids)) if ids else (0, -1)

    def submitted_in_range() -> int:
        return Application.objects.filter(status="submitted", pk__gte=low, pk__lte=high).count()

    others = submitted_in_range() - len(ids)
    started = time.perf_counter()
    for start in range(0, len(ids), BATCH_SIZE):
        evaluate_eligibility_batch.delay(ids[start : start + BATCH_SIZE])
    queued = time.perf_counter() - started
    remaining, last_progress, last = len(ids), time.perf_counter(), len(ids)
    while remaining and time.perf_counter() - last_progress < timeout:
        time.sleep(0.5)
        remaining = submitted_in_range() - others
        if remaining < last:
            last, last_progress = remaining, time.perf_counter()
    elapsed = time.perf_counter() - started
    done = len(ids) - remaining
    return {
        "applications": len(ids),
        "evaluated": done,
        "not_evaluated": remaining,
        "seconds": round(elapsed, 2),
        "queue_seconds": round(queued, 2),
        "per_second": round(done / elapsed, 1) if elapsed else None,
    }


def ranking(n: int) -> dict:
    """Rank n eligible audit applications of one month, then roll everything back."""
    from trinno_portal.funding.ranking import ranking_build

    call = Call.objects.get(scheme=Scheme.AUDIT)
    month = dt.date(2018, 1, 1)  # before any generated application
    ids = list(
        Application.objects.filter(call=call)
        .exclude(status="draft")
        .order_by("-id")
        .values_list("pk", flat=True)[:n]
    )
    base = dt.datetime(2018, 1, 2, 9, 0, tzinfo=dt.UTC)
    result: dict = {}

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE funding_application SET status = 'eligible', "
                    "submitted_at = %s + (id %% 2000000) * interval '1 second' "
                    "WHERE id = ANY(%s)",
                    [base, ids],
                )
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                built = ranking_build(call=call, period_start=month)
                result["seconds"] = round(time.perf_counter() - started, 3)
            result["entries"] = built.entries.count()
            result["queries"] = len(ctx.captured_queries)
            raise Rollback
    except Rollback:
        pass
    return result


def indicators() -> dict:
    from monitoring import rules, selectors

    end = timezone.localdate()
    selectors.measures_compute(rules.PLAN_START, end)  # warm the connection and the plans
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        measures = selectors.measures_compute(rules.PLAN_START, end)
        values = selectors.indicator_values(measures) if _takes_measures() else None
        seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "queries": len(ctx.captured_queries),
        "measures": len(measures),
        "indicators": len(values) if values is not None else None,
    }


def _takes_measures() -> bool:
    import inspect

    from monitoring import selectors

    return list(inspect.signature(selectors.indicator_values).parameters)[:1] == ["measures"]


def _report_job(official) -> tuple[bool, float, float, object]:
    """Run the report job once: (ok, seconds of the job, seconds of its PDF phase)."""
    from monitoring import reports, rules, services

    report = services.report_request(
        by=official, start=rules.PLAN_START, end=timezone.localdate(), language="it", queue=False
    )
    # The XLSX phase starts when the job reads the operations (after the PDF).
    marks: dict[str, float] = {}
    operations_iter = reports.operations_iter

    def timed_operations_iter(*args, **kwargs):
        marks["xlsx_start"] = time.perf_counter()
        return operations_iter(*args, **kwargs)

    reports.operations_iter = timed_operations_iter
    started = time.perf_counter()
    try:
        ok = services.report_build(report_id=report.pk)
    finally:
        reports.operations_iter = operations_iter
    job = time.perf_counter() - started
    return ok, job, marks.get("xlsx_start", started + job) - started, report


def pdf() -> dict:
    """The monitoring report job on the whole database, in this fresh process so that
    its peak memory is the job's. The job renders the PDF (data, charts, WeasyPrint)
    and then reads the supported operations for the XLSX: the two phases are timed
    apart (the PDF is the target's figure). Then WeasyPrint alone renders the same HTML."""
    from weasyprint import HTML

    from monitoring import report_pdf
    from monitoring.models import Report
    from trinno_portal.lib.pdf import PDF_BASE_URL, StaticFilesFetcher

    # What a long-lived worker has done once before any report: WeasyPrint's import and
    # fonts.
    HTML(string="<p>warm</p>").write_pdf()
    official = _users("official", 1)[0]
    ok, job, pdf_phase, report = _report_job(official)
    rss_job = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = Report.objects.get(pk=report.pk)

    # The HTML the job rendered, from the content it stored.
    html = report_pdf.report_html(report.content)
    fetcher = StaticFilesFetcher(PDF_BASE_URL)
    started = time.perf_counter()
    document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).render()
    pages = len(document.pages)
    document.write_pdf()
    weasy = time.perf_counter() - started
    return {
        "ok": ok,
        "job_seconds": round(job, 2),
        "pdf_seconds": round(pdf_phase, 2),
        "xlsx_seconds": round(job - pdf_phase, 2),
        "weasyprint_seconds": round(weasy, 2),
        "ratio": round(pdf_phase / weasy, 2) if weasy else None,
        "pages": pages,
        "operations": _operations_count(report.period_start, report.period_end),
        "peak_rss_mb": round(rss_job),
    }


def _operations_count(start: dt.date, end: dt.date) -> int:
    from monitoring import selectors

    return selectors.supported_operations(start, end).count()


def submissions_prepare(n: int) -> dict:
    """n complete audit drafts of n enterprises (each with its own session), ready for
    the review page's POST."""
    from audits.call.models import AuditApplication
    from audits.call.services import STEPS
    from trinno_portal.accounts.models import Membership
    from trinno_portal.funding.models import CostItem, Document
    from trinno_portal.signatures.application_form import (
        APPLICATION_FORM_KIND,
        application_form_reference,
    )
    from trinno_portal.signatures.models import SignatureVerification

    call = Call.objects.get(scheme=Scheme.AUDIT)
    if call.close_on and call.close_on < timezone.localdate():
        Call.objects.filter(pk=call.pk).update(close_on=None)
    busy = Application.objects.filter(call=call, status="draft").values("enterprise_id")
    members = list(
        Membership.objects.exclude(enterprise_id__in=busy)
        .select_related("user", "enterprise")
        .order_by("-id")[:n]
    )
    now = timezone.now()
    drafts = []
    for m in members:
        application = Application.objects.create(
            call=call,
            scheme=Scheme.AUDIT,
            enterprise=m.enterprise,
            created_by=m.user,
            total_cost="7000.00",
        )
        AuditApplication.objects.create(
            application=application,
            provider_name="Centro servizi",
            de_minimis_declared=True,
            provider_vat_number="01234567897",
            project_summary="Audit i4.0",
            planned_start=now.date(),
            planned_end=now.date() + dt.timedelta(days=180),
            stamp_duty_serial="01234567890123",
            completed_steps=[c for c, _t in STEPS],
        )
        CostItem.objects.create(application=application, description="Audit", amount="7000.00")
        Document.objects.create(
            application=application,
            kind="quote",
            file=f"bench/{application.pk}.pdf",
            original_name="preventivo.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=m.user,
        )
        # The call asks for the form signed by the legal representative (tests/signatures
        # verify signatures): the bench's drafts carry a form already verified at this version.
        form = Document.objects.create(
            application=application,
            kind=APPLICATION_FORM_KIND,
            file=f"bench/{application.pk}-form.pdf",
            original_name="domanda-firmata.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=m.user,
        )
        SignatureVerification.objects.create(
            document=form,
            valid=True,
            revocation_checked=True,
            signer_name=m.user.full_name,
            verified_at=now,
            signed_reference=application_form_reference(application),
        )
        drafts.append(
            {
                "application": application.pk,
                "version": application.version,
                "session": _session(m.user),
                "csrf": secrets.token_hex(16),
            }
        )
    return {"drafts": drafts}


def submissions_check(ids: list[int]) -> dict:
    """Were the protocol numbers of the audit call unique and gapless, year by year?"""
    call = Call.objects.get(scheme=Scheme.AUDIT)
    submitted = Application.objects.filter(pk__in=ids).exclude(status="draft").count()
    numbers = list(
        Application.objects.filter(call=call, protocol_seq__isnull=False).values_list(
            "protocol_year", "protocol_seq"
        )
    )
    years: dict[int, list[int]] = {}
    for year, seq in numbers:
        years.setdefault(year, []).append(seq)
    duplicates = sum(len(s) - len(set(s)) for s in years.values())
    missing = sum(max(s) - len(set(s)) for s in years.values())
    return {"submitted": submitted, "duplicates": duplicates, "missing": missing}


def clickday_prepare(n: int, delay: float) -> dict:
    """n complete drafts, and the audit call's submissions opening `delay` seconds from
    now, on a whole second (as a call states it)."""
    drafts = submissions_prepare(n)["drafts"]
    opens_at = (timezone.now() + dt.timedelta(seconds=delay + 1)).replace(microsecond=0)
    Call.objects.filter(scheme=Scheme.AUDIT).update(submissions_open_at=opens_at)
    return {"drafts": drafts, "opens_at": opens_at.timestamp()}


def clickday_check(ids: list[int], opens_at: float) -> dict:
    """Numbers unique and gapless; protocol order against receipt order; nothing received
    before the instant. Then the call opens as before (no instant)."""
    result = submissions_check(ids)
    rows = list(
        Application.objects.filter(pk__in=ids, protocol_seq__isnull=False)
        .order_by("protocol_year", "protocol_seq")
        .values_list("submitted_at", flat=True)
    )
    result["order_inversions"] = sum(1 for a, b in zip(rows, rows[1:], strict=False) if b < a)
    result["received_before_opening"] = sum(1 for t in rows if t.timestamp() < opens_at)
    result["missing_of_these"] = len(ids) - len(rows)
    Call.objects.filter(scheme=Scheme.AUDIT).update(submissions_open_at=None)
    return result


def submit_profile(n: int) -> dict:
    """The review page's POST of n fresh drafts in this process under cProfile: the mean
    time per submission and the functions that take it (docs/performance.md)."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    drafts = submissions_prepare(n + 1)["drafts"]
    profile = cProfile.Profile()
    elapsed = 0.0
    for index, d in enumerate(drafts):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[settings.SESSION_COOKIE_NAME] = d["session"]
        started = time.perf_counter()
        if index:  # the first one warms the URLconf, templates and connections
            profile.enable()
        response = client.post(
            f"/audit/domanda/{d['application']}/riepilogo/", {"version": d["version"]}
        )
        profile.disable()
        if index:
            elapsed += time.perf_counter() - started
        assert response.status_code == 302, response.status_code
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(
        "trinno_portal|audits|weasyprint|mail|kombu|celery", 30
    )
    sys.stderr.write(out.getvalue())
    return {"submissions": n, "ms_each": round(elapsed / max(n, 1) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--plan", default="")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--delay", type=float, default=3.0)
    args = parser.parse_args()
    plan = json.loads(open(args.plan).read()) if args.plan else {}
    steps = {
        "prepare": lambda: prepare(args.n),
        "queries": lambda: queries(plan),
        "eligibility": lambda: eligibility(args.n, args.timeout),
        "ranking": lambda: ranking(args.n),
        "indicators": indicators,
        "pdf": pdf,
        "submissions-prepare": lambda: submissions_prepare(args.n),
        "submissions-check": lambda: submissions_check(plan["ids"]),
        "submit-profile": lambda: submit_profile(args.n),
        "clickday-prepare": lambda: clickday_prepare(args.n, args.delay),
        "clickday-check": lambda: clickday_check(plan["ids"], plan["opens_at"]),
    }
    result = steps[args.step]()
    sys.stdout.write("\n" + json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main()
