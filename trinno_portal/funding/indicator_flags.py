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

The schemes' codes come from the Scheme choices (scheme_codes.py), read once below. The
generated column needs them as values: its SQL, written by migration
0008_indicator_flags, compares the row's scheme with these codes, so a code that changed
would need a migration of the column as well as of the choices.
"""

from django.db.models import Case, ExpressionWrapper, Q, SmallIntegerField, Value, When

from trinno_portal.accounts.geography import AREZZO, TUSCAN_PROVINCES
from trinno_portal.funding.scheme_codes import Scheme

_AUDIT, _CATALOGUE, _VOUCHER = Scheme.AUDIT.value, Scheme.CATALOGUE.value, Scheme.VOUCHER.value

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
    if scheme == _AUDIT:
        flags |= scope << AUDIT
    elif scheme == _CATALOGUE and digital_amount and digital_amount > 0:
        flags |= scope << CATALOGUE_DIGITAL
    elif scheme == _VOUCHER:
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
        When(scheme=_AUDIT, then=Value(1 + (1 << AUDIT))),
        When(
            Q(scheme=_CATALOGUE, digital_amount__gt=0),
            then=Value(1 + (1 << CATALOGUE_DIGITAL)),
        ),
        When(scheme=_VOUCHER, then=Value(1 + (1 << VOUCHER))),
        default=Value(1),
    )
    return ExpressionWrapper(scope * kind, output_field=SmallIntegerField())
