"""What an application counts for in the action plan's indicators, as a bit set stored
on the row (Application.indicator_flags, a generated column).

The indicators count distinct enterprises (or people) supported, by scheme and by scope
(Tuscany, and the province of Arezzo within it). An enterprise counts in a scope if ANY
of its applications does, so the monitoring groups the approved applications by
enterprise and ORs their bits (monitoring/selectors.py). Deriving the bits from scheme,
province and digital amount in every query cost PostgreSQL 250 ms of its 600 ms over the
half million approved applications of a regional database (docs/performance.md); stored,
they are read from an index. The column is computed by the database from the row's own
frozen figures, so it cannot disagree with them.

Layout: two bits per kind, scope Tuscany then Arezzo.
"""

from django.db.models import Case, ExpressionWrapper, Q, SmallIntegerField, Value, When

from trinno_portal.accounts.geography import AREZZO, TUSCAN_PROVINCES

TUSCANY, AREZZO_SCOPE = 1, 2  # scope bits, for a kind at shift 0

# Kind shifts: every application with support counts for ANY (enterprises supported).
ANY, AUDIT, CATALOGUE_DIGITAL, VOUCHER = 0, 2, 4, 6


def bit(kind: int, scope: int) -> int:
    """The bit of (kind, scope): e.g. bit(AUDIT, AREZZO_SCOPE) == 8."""
    return scope << kind


def flags_for(scheme: str, province: str, digital_amount) -> int:
    """The bits of one application (the same rule as `expression()`, in Python)."""
    scope = 0
    if province == AREZZO:
        scope = TUSCANY | AREZZO_SCOPE
    elif province in TUSCAN_PROVINCES:
        scope = TUSCANY
    flags = scope << ANY
    if scheme == "audit":
        flags |= scope << AUDIT
    elif scheme == "catalogue" and digital_amount and digital_amount > 0:
        flags |= scope << CATALOGUE_DIGITAL
    elif scheme == "voucher":
        flags |= scope << VOUCHER
    return flags


def expression() -> ExpressionWrapper:
    """scope × (1 + kind multiplier): the scope's two bits at shift 0 and at the kind's
    shift. A product of two CASEs because both SQLite and PostgreSQL compute it."""
    others = sorted(TUSCAN_PROVINCES - {AREZZO})
    scope = Case(
        When(province=AREZZO, then=Value(TUSCANY | AREZZO_SCOPE)),
        When(province__in=others, then=Value(TUSCANY)),
        default=Value(0),
    )
    kind = Case(
        When(scheme="audit", then=Value(1 + (1 << AUDIT))),
        When(
            Q(scheme="catalogue", digital_amount__gt=0),
            then=Value(1 + (1 << CATALOGUE_DIGITAL)),
        ),
        When(scheme="voucher", then=Value(1 + (1 << VOUCHER))),
        default=Value(1),
    )
    return ExpressionWrapper(scope * kind, output_field=SmallIntegerField())
