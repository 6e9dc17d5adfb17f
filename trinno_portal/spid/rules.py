"""Pure checks of a SPID or CIE response, after pysaml2 has verified the signatures.

pysaml2 checks the XML signatures (of the response and of the assertion, by the reference to
the signed element's own ID, which is what defeats signature wrapping), the audience, the
validity window and the InResponseTo against the outstanding requests. AgID's technical rules
(Regole tecniche SPID, and the Avvisi that amend them) ask for more, and these functions say
yes or no for each; they take plain values, never a request or the database.

At the end: what the person profile takes from the proven identity (profile_initial).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale

LEVEL_URI = {
    1: "https://www.spid.gov.it/SpidL1",
    2: "https://www.spid.gov.it/SpidL2",
    3: "https://www.spid.gov.it/SpidL3",
}
URI_LEVEL = {uri: level for level, uri in LEVEL_URI.items()}


class Refusal(Exception):
    """A response refused: `code` goes to the log, `message` to the person."""

    MESSAGES = {
        "invalid": _(
            "The identity provider's answer could not be read or its signature is not valid."
        ),
        "unsigned": _("The identity provider's answer is not signed as SPID requires."),
        "issuer": _("The answer does not come from the identity provider you chose."),
        "audience": _("The answer was meant for another service."),
        "destination": _("The answer was sent to another address."),
        "unsolicited": _(
            "The answer does not match a sign-in started from this browser, or it was already used."
        ),
        "expired": _("The answer has expired: sign in again."),
        "replay": _("This answer was already used: sign in again."),
        "level": _(
            "The identity provider signed you in at a lower SPID level than this service needs."
        ),
        "status": _("The sign-in was cancelled or refused by the identity provider."),
        "attributes": _("The identity provider did not send the codice fiscale."),
    }

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])


@dataclass(frozen=True)
class Identity:
    """The person behind a valid assertion (fiscal_number without TINIT-)."""

    fiscal_number: str
    first_name: str
    last_name: str
    email: str
    level: int
    idp: str
    company_name: str = ""
    vat_number: str = ""  # ivaCode without VATIT-: a SPID for legal persons
    # dateOfBirth, where the IdP sends it: the portal's attribute consuming service does not
    # ask for it (docs/decisions/0029), but AgID's test users and some IdPs send it anyway.
    date_of_birth: dt.date | None = None


def level_of(class_ref: str | None) -> int:
    return URI_LEVEL.get(class_ref or "", 0)


def check_level(*, asked: int, class_ref: str | None) -> None:
    """The level obtained is at least the one asked (a weaker login is no login)."""
    if level_of(class_ref) < asked:
        raise Refusal("level")


def check_issuer(
    *, expected: str, response_issuer: str | None, assertion_issuer: str | None
) -> None:
    if response_issuer != expected or assertion_issuer != expected:
        raise Refusal("issuer")


def check_destination(*, acs_url: str, destination: str | None, recipient: str | None) -> None:
    if destination != acs_url or recipient != acs_url:
        raise Refusal("destination")


def check_instant(
    *, issued: dt.datetime, request_sent: dt.datetime, now: dt.datetime, skew: dt.timedelta
) -> None:
    """Issued after the request it answers and not in the future, give or take the skew."""
    if issued < request_sent - skew or issued > now + skew:
        raise Refusal("expired")


ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"


@dataclass(frozen=True)
class Shape:
    """The parts of a response whose presence and values AgID's rules fix (the tables of the
    Regole tecniche on Response and Assertion, as spid-sp-test checks them)."""

    response_issuer_format: str | None
    assertion_version: str | None
    assertion_issuer_format: str | None
    name_id_format: str | None
    name_id_qualifier: str | None
    has_name_id: bool
    confirmation_not_on_or_after: str | None
    has_conditions: bool
    conditions_not_before: str | None
    conditions_not_on_or_after: str | None
    # The audiences of the Conditions' AudienceRestriction: SPID requires one, naming the
    # SP (pysaml2 checks the audience only when the restriction is there).
    audiences: tuple[str, ...] = ()


def check_shape(shape: Shape) -> None:
    if shape.response_issuer_format not in (None, ENTITY):
        raise Refusal("invalid")
    if shape.assertion_version != "2.0" or shape.assertion_issuer_format != ENTITY:
        raise Refusal("invalid")
    if not shape.has_name_id or shape.name_id_format != TRANSIENT or not shape.name_id_qualifier:
        raise Refusal("invalid")
    if not shape.confirmation_not_on_or_after:
        raise Refusal("invalid")
    if not (
        shape.has_conditions and shape.conditions_not_before and shape.conditions_not_on_or_after
    ):
        raise Refusal("invalid")
    if not any(a.strip() for a in shape.audiences):
        raise Refusal("audience")


def identity_from(attributes: dict[str, list[str]], *, level: int, idp: str) -> Identity:
    def one(name: str) -> str:
        values = attributes.get(name) or [""]
        return str(values[0]).strip()

    fiscal = one("fiscalNumber").upper()
    if fiscal.startswith("TINIT-"):
        fiscal = fiscal[6:]
    if not fiscal or len(fiscal) > 16:
        raise Refusal("attributes")
    vat = one("ivaCode").upper()
    if vat.startswith("VATIT-"):
        vat = vat[6:]
    try:
        # AgID's attribute table: dateOfBirth is an xs:date, YYYY-MM-DD.
        born = dt.date.fromisoformat(one("dateOfBirth")) if one("dateOfBirth") else None
    except ValueError:
        born = None
    return Identity(
        fiscal_number=fiscal,
        first_name=one("name"),
        last_name=one("familyName"),
        email=one("email").lower(),
        level=level,
        idp=idp,
        company_name=one("companyName"),
        vat_number=vat,
        date_of_birth=born,
    )


# --- The person profile from the proven identity -----------------------------------------

TAX_CODE_NOT_PROVEN = _(
    "Your codice fiscale is the one proven by your SPID or CIE sign-in (%(code)s): "
    "it cannot be changed."
)


@dataclass(frozen=True)
class ProfileInitial:
    """What the person profile form takes from the signed-in identity: the codice fiscale,
    fixed; the names and the date of birth, prefilled and editable where the profile is new."""

    tax_code: str
    first_name: str
    last_name: str
    birth_date: dt.date | None


def birth_date_from_tax_code(code: str, *, today: dt.date) -> dt.date | None:
    """The date of birth coded in a valid codice fiscale (DM 23 dicembre 1976), or None.

    The code keeps two digits of the year: the century is the one that puts the date in the
    hundred years up to today (an applicant is born, and younger than a hundred).
    """
    try:
        code = codicefiscale.validate(code)
        born = codicefiscale.get_birth_date(code, minyear=today.year - 99)
    except StdnumError:
        return None
    if born > today:
        try:
            born = born.replace(year=born.year - 100)
        except ValueError:  # 29 February of a year that was not leap a century earlier
            return None
    return born


def same_coded_birth_date(code: str, born: dt.date) -> bool:
    """Whether a date agrees with the one coded in a valid codice fiscale (day, month and the
    two digits of the year: the code holds no more)."""
    try:
        coded = codicefiscale.get_birth_date(codicefiscale.validate(code))
    except StdnumError:
        return False
    return (coded.day, coded.month, coded.year % 100) == (born.day, born.month, born.year % 100)


def profile_initial(
    *,
    fiscal_number: str,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    today: dt.date,
) -> ProfileInitial:
    """The person profile's initial values from a SPID/CIE identity.

    The IdP's dateOfBirth is taken where it agrees with the codice fiscale (it also gives the
    century); otherwise the date coded in the codice fiscale. Names are the IdP's own, as sent.
    """
    code = fiscal_number.strip().upper()
    if date_of_birth is not None and same_coded_birth_date(code, date_of_birth):
        born: dt.date | None = date_of_birth
    else:
        born = birth_date_from_tax_code(code, today=today)
    return ProfileInitial(
        tax_code=code,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=born,
    )
