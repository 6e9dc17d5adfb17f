"""Synthetic region for the benchmark: enterprises, people, training agencies
and courses, written straight into PostgreSQL with COPY.

Everything is deterministic from one random.Random(seed): the same seed and sizes give
the same rows. Ids are assigned here (from the table's current maximum), so rows that
reference each other can be streamed table after table without reading anything back;
the sequences are reset at the end (Sizes, copy_table, sequences_reset).

The applications and what hangs off them are in applications.py; the COPY machinery
in copy.py.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from stdnum import luhn
from stdnum.it import codicefiscale

from trinno_portal.synthetic.copy import (
    copy_table,
    next_id,
    sequences_reset,
)

# Every generated account lives under this domain: the generator's safety rule (no other
# user in the database) and the bench's session factory both recognise them by it.
BENCH_DOMAIN = "bench.trinno.test"

# Shares of the ~353,700 active Tuscan enterprises by province: rounded from the regional
# business register's order of magnitude (Arezzo about 10 %, issue 8). Illustrative.
PROVINCE_SHARES: list[tuple[str, float]] = [
    ("FI", 0.25),
    ("PI", 0.11),
    ("LU", 0.11),
    ("AR", 0.10),
    ("PO", 0.09),
    ("PT", 0.08),
    ("LI", 0.08),
    ("SI", 0.07),
    ("GR", 0.06),
    ("MS", 0.05),
]
CAPITALS = {
    "AR": ("Arezzo", "52100", "A390"),
    "FI": ("Firenze", "50122", "D612"),
    "GR": ("Grosseto", "58100", "E202"),
    "LI": ("Livorno", "57121", "E625"),
    "LU": ("Lucca", "55100", "E715"),
    "MS": ("Massa", "54100", "F023"),
    "PI": ("Pisa", "56121", "G702"),
    "PO": ("Prato", "59100", "G999"),
    "PT": ("Pistoia", "51100", "G713"),
    "SI": ("Siena", "53100", "I726"),
}
# Manufacturing (section C) first: the audit call admits only those.
ATECO_MANUFACTURING = ["32.12.10", "25.62.00", "14.13.10", "10.71.10", "28.41.00", "22.29.09"]
ATECO_OTHER = ["47.11.40", "56.10.11", "62.01.00", "70.22.09", "43.21.01", "55.10.00"]
NAME_WORDS = [
    "Officine",
    "Oreficeria",
    "Tessitura",
    "Meccanica",
    "Laboratorio",
    "Studio",
    "Pelletteria",
    "Cantiere",
    "Fonderia",
    "Ceramiche",
    "Calzaturificio",
    "Tipografia",
    "Vetreria",
    "Mobilificio",
]
SURNAMES = [
    "Rossi",
    "Bianchi",
    "Bruni",
    "Galli",
    "Conti",
    "Mancini",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
    "Caruso",
    "Ferrara",
    "Fabbri",
    "Bartolini",
]
FIRST_NAMES = [
    "Marco",
    "Giulia",
    "Luca",
    "Chiara",
    "Andrea",
    "Sara",
    "Matteo",
    "Elena",
    "Paolo",
    "Anna",
    "Simone",
    "Laura",
    "Davide",
    "Marta",
    "Stefano",
    "Silvia",
    "Lorenzo",
    "Francesca",
]
LEGAL_FORMS = ["srl", "srls", "snc", "sas", "spa", "ditta individuale"]


@dataclass(frozen=True)
class Sizes:
    enterprises: int = 353_700
    applications: int = 1_000_000
    people: int = 50_000
    courses: int = 500
    agencies: int = 50
    staff: int = 20
    officials: int = 5


@dataclass
class Ids:
    """Where each generated entity's ids start, and the ids the later tables need."""

    first_enterprise: int = 0
    first_enterprise_user: int = 0
    first_person: int = 0
    first_person_user: int = 0
    staff_users: list[int] | None = None
    official_users: list[int] | None = None
    agency_users: list[int] | None = None
    courses: list[tuple[int, Decimal, dt.date, int]] | None = None  # id, cost, start, user
    # Per generated enterprise (by offset): province, size class, ATECO, startup.
    enterprise_facts: list[tuple[str, str, str, bool]] | None = None
    person_facts: list[tuple[str, str]] | None = None  # province, status


class Picker:
    """Weighted choice in O(log n) from a fixed table (random.choices recomputes it)."""

    def __init__(self, rng: random.Random, table: list[tuple[object, float]]) -> None:
        self.rng = rng
        self.values = [v for v, _w in table]
        total, self.cumulative = 0.0, []
        for _v, weight in table:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def __call__(self):
        index = bisect.bisect_right(self.cumulative, self.rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


def vat_number(serial: int, office: int) -> str:
    """An Italian Partita IVA: 7-digit serial, 3-digit office, Luhn check digit."""
    body = f"{serial % 9_999_999 + 1:07d}{office:03d}"  # never seven zeros
    return body + luhn.calc_check_digit(body)


def tax_code(serial: int, birth: dt.date, female: bool, municipality: str) -> str:
    """A well-formed codice fiscale whose six name letters encode `serial` (unique)."""
    letters = []
    for _i in range(6):
        serial, digit = divmod(serial, 26)
        letters.append(chr(ord("A") + digit))
    day = birth.day + (40 if female else 0)
    body = f"{''.join(letters)}{birth:%y}{'ABCDEHLMPRST'[birth.month - 1]}{day:02d}{municipality}"
    return body + codicefiscale.calc_check_digit(body)


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _size_figures(rng: random.Random, size: str) -> tuple[Decimal, Decimal, Decimal]:
    """Staff (AWU), turnover and balance sheet inside the size class (Rec. 2003/361)."""
    low, high, money = {
        "micro": (1, 9, 1_900_000),
        "small": (10, 49, 9_500_000),
        "medium": (50, 249, 45_000_000),
        "large": (250, 900, 200_000_000),
    }[size]
    turnover = Decimal(rng.randrange(money // 10, money)).quantize(Decimal("0.01"))
    sheet = Decimal(rng.randrange(money // 20, money)).quantize(Decimal("0.01"))
    return Decimal(rng.randint(low, high)).quantize(Decimal("0.01")), turnover, sheet


def users_rows(
    first_id: int, count: int, prefix: str, password: str, *, staff: bool = False
) -> Iterator[tuple]:
    joined = timezone.now() - dt.timedelta(days=400)
    for n in range(count):
        uid = first_id + n
        yield (uid, password, f"{prefix}{n}@{BENCH_DOMAIN}", f"{prefix} {n}", staff, True, joined)


USER_COLUMNS = ["id", "password", "email", "full_name", "is_staff", "is_active", "date_joined"]


def generate_accounts(rng: random.Random, sizes: Sizes, password: str, say) -> Ids:
    """Users, enterprises with their legal representatives, people, staff, officials,
    training agencies and their approved courses."""
    from django.contrib.auth.models import Group

    from trinno_portal.accounts.models import (
        Enterprise,
        Membership,
        Person,
        RepresentativeStatus,
        User,
    )
    from trinno_portal.accounts.roles import Role
    from vouchers.offer.models import AgencyMembership, Course, CourseTheme, TrainingAgency

    ids = Ids()
    uid = next_id(User)
    ids.first_enterprise_user = uid
    ids.first_person_user = uid + sizes.enterprises
    staff_first = ids.first_person_user + sizes.people
    official_first = staff_first + sizes.staff
    agency_first = official_first + sizes.officials
    ids.staff_users = list(range(staff_first, staff_first + sizes.staff))
    ids.official_users = list(range(official_first, official_first + sizes.officials))
    ids.agency_users = list(range(agency_first, agency_first + sizes.agencies))

    def all_users() -> Iterator[tuple]:
        yield from users_rows(ids.first_enterprise_user, sizes.enterprises, "sme", password)
        yield from users_rows(ids.first_person_user, sizes.people, "person", password)
        yield from users_rows(staff_first, sizes.staff, "staff", password, staff=True)
        yield from users_rows(official_first, sizes.officials, "official", password, staff=True)
        yield from users_rows(agency_first, sizes.agencies, "agency", password)

    say("users", copy_table(User, USER_COLUMNS, all_users()))
    groups = dict(Group.objects.values_list("name", "id"))
    user_groups = User.groups.through
    gid = next_id(user_groups)

    def memberships() -> Iterator[tuple]:
        n = gid
        for role, users in [
            (Role.APPLICANT, range(ids.first_enterprise_user, staff_first)),
            (Role.AGENCY_STAFF, ids.staff_users),
            (Role.REGION_OFFICIAL, ids.official_users),
            (Role.TRAINING_AGENCY, ids.agency_users),
        ]:
            if role not in groups:
                continue
            for user_id in users:
                yield (n, user_id, groups[role])
                n += 1

    say("user roles", copy_table(user_groups, ["id", "user_id", "group_id"], memberships()))

    ids.first_enterprise = next_id(Enterprise)
    province = Picker(rng, PROVINCE_SHARES)
    size = Picker(rng, [("micro", 0.94), ("small", 0.05), ("medium", 0.008), ("large", 0.002)])
    facts: list[tuple[str, str, str, bool]] = []

    def enterprises() -> Iterator[tuple]:
        for n in range(sizes.enterprises):
            prov, cls = province(), size()
            town, cap, _code = CAPITALS[prov]
            manufacturing = rng.random() < 0.6
            ateco = rng.choice(ATECO_MANUFACTURING if manufacturing else ATECO_OTHER)
            founded = _date_between(rng, dt.date(1960, 1, 1), dt.date(2026, 6, 30))
            startup = founded.year >= 2022 and rng.random() < 0.5
            facts.append((prov, cls, ateco, startup))
            staff_awu, turnover, sheet = _size_figures(rng, cls)
            vat = vat_number(ids.first_enterprise + n, 51 + n % 50)
            name = f"{rng.choice(NAME_WORDS)} {rng.choice(SURNAMES)} {n}"
            yield (
                ids.first_enterprise + n,
                f"{name} {rng.choice(LEGAL_FORMS)}",
                vat,
                vat,
                "srl",
                f"impresa{n}@pec.{BENCH_DOMAIN}",
                ateco,
                founded,
                f"Via {rng.choice(SURNAMES)} {rng.randint(1, 200)}",
                town,
                cap,
                prov,
                2025,
                staff_awu,
                turnover,
                sheet,
                cls,
                startup,
                # A bench region of companies whose legal representative is proven: only
                # those may submit (accounts.rules.submission_refusal).
                RepresentativeStatus.CONFIRMED,
            )

    columns = [
        "id",
        "legal_name",
        "vat_number",
        "tax_code",
        "legal_form",
        "pec",
        "ateco_code",
        "founded_on",
        "address",
        "municipality",
        "postal_code",
        "province",
        "size_reference_year",
        "staff_awu",
        "turnover",
        "balance_sheet",
        "size_class",
        "is_startup",
        "representative_status",
    ]
    say("enterprises", copy_table(Enterprise, columns, enterprises()))
    ids.enterprise_facts = facts
    first_membership = next_id(Membership)
    say(
        "memberships",
        copy_table(
            Membership,
            ["id", "user_id", "enterprise_id", "role"],
            (
                (
                    first_membership + n,
                    ids.first_enterprise_user + n,
                    ids.first_enterprise + n,
                    "legal_rep",
                )
                for n in range(sizes.enterprises)
            ),
        ),
    )

    ids.first_person = next_id(Person)
    status = Picker(rng, [("entrepreneur", 0.4), ("manager", 0.3), ("freelancer", 0.3)])
    person_facts: list[tuple[str, str]] = []

    def people() -> Iterator[tuple]:
        for n in range(sizes.people):
            prov, st = province(), status()
            town, _cap, code = CAPITALS[prov]
            birth = _date_between(rng, dt.date(1955, 1, 1), dt.date(2000, 12, 31))
            female = rng.random() < 0.5
            person_facts.append((prov, st))
            enterprise = (
                ids.first_enterprise + rng.randrange(sizes.enterprises)
                if st != "freelancer" and sizes.enterprises
                else None
            )
            yield (
                ids.first_person + n,
                ids.first_person_user + n,
                rng.choice(FIRST_NAMES),
                rng.choice(SURNAMES),
                tax_code(n, birth, female, code),
                birth,
                f"Via {rng.choice(SURNAMES)} {rng.randint(1, 200)}",
                town,
                prov,
                st,
                enterprise,
                "Ordine degli ingegneri" if st == "freelancer" else "",
                st == "freelancer",
            )

    columns = [
        "id",
        "user_id",
        "first_name",
        "last_name",
        "tax_code",
        "birth_date",
        "residence_address",
        "residence_municipality",
        "residence_province",
        "status",
        "enterprise_id",
        "professional_order",
        "inps_separate_scheme",
    ]
    say("people", copy_table(Person, columns, people()))
    ids.person_facts = person_facts

    first_agency = next_id(TrainingAgency)
    columns = [
        "id",
        "name",
        "tax_number",
        "accreditation_code",
        "address",
        "municipality",
        "province",
        "pec",
    ]
    agencies = []
    for n in range(sizes.agencies):
        prov = province()
        town, _cap, _code = CAPITALS[prov]
        agencies.append(
            (
                first_agency + n,
                f"Agenzia formativa {rng.choice(SURNAMES)} {n}",
                vat_number(9_000_000 + n, 51),
                f"BENCH-{prov}-{n:04d}",
                f"Via {rng.choice(SURNAMES)} 1",
                town,
                prov,
                f"agenzia{n}@pec.{BENCH_DOMAIN}",
            )
        )
    say("training agencies", copy_table(TrainingAgency, columns, agencies))
    first_am = next_id(AgencyMembership)
    copy_table(
        AgencyMembership,
        ["id", "user_id", "agency_id"],
        [(first_am + n, ids.agency_users[n], first_agency + n) for n in range(sizes.agencies)],
    )

    first_course = next_id(Course)
    themes = list(CourseTheme.objects.values_list("id", flat=True))
    courses: list[tuple[int, Decimal, dt.date, int]] = []
    approver = ids.staff_users[0] if ids.staff_users else None
    rows = []
    for n in range(sizes.courses if sizes.agencies else 0):
        agency = rng.randrange(sizes.agencies)
        start = _date_between(rng, dt.date(2018, 9, 1), dt.date(2026, 10, 1))
        hours = Decimal(rng.choice([16, 24, 32, 40, 60, 80, 120]))
        cost = Decimal(rng.randrange(800, 5000)).quantize(Decimal("0.01"))
        approved_at = timezone.make_aware(dt.datetime.combine(start, dt.time(9)))
        approved_at -= dt.timedelta(days=30)
        course_id = first_course + n
        courses.append((course_id, cost, start, ids.agency_users[agency]))
        rows.append(
            (
                course_id,
                first_agency + agency,
                f"Industria 4.0: corso {n}",
                "Corso sulle tecnologie abilitanti di Industria 4.0.",
                hours,
                cost,
                start,
                start + dt.timedelta(days=rng.randint(10, 90)),
                rng.choice(["in_person", "online", "blended"]),
                CAPITALS["AR"][0],
                rng.randint(8, 30),
                "approved",
                approved_at,
                approver,
                approved_at,
                ids.agency_users[agency],
            )
        )
    columns = [
        "id",
        "agency_id",
        "title",
        "description",
        "hours",
        "cost",
        "start_date",
        "end_date",
        "delivery",
        "place",
        "seats",
        "state",
        "submitted_at",
        "approved_by_id",
        "approved_at",
        "created_by_id",
    ]
    say("courses", copy_table(Course, columns, rows))
    if themes:
        through = Course.themes.through
        first_ct = next_id(through)
        theme_field = next(
            f.attname for f in through._meta.concrete_fields if f.attname not in ("id", "course_id")
        )
        copy_table(
            through,
            ["id", "course_id", theme_field],
            [(first_ct + i, c[0], themes[i % len(themes)]) for i, c in enumerate(courses)],
        )
    ids.courses = courses
    sequences_reset(
        [
            User,
            user_groups,
            Enterprise,
            Membership,
            Person,
            TrainingAgency,
            AgencyMembership,
            Course,
            Course.themes.through,
        ]
    )
    return ids
