"""Writes of SPID/CIE sign-in: the request sent, the response consumed, the account.

Callers: spid.views (the browser), the tests. None takes a request: the views hand over the
values they read from the session and the POST body.
"""

import base64
import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from defusedxml import ElementTree
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from saml2 import BINDING_HTTP_POST
from saml2.client import Saml2Client

from trinno_portal.accounts.models import User

from . import rules, saml
from .models import AuthnRequestRecord, ConsumedAssertion, ProvenIdentity
from .rules import Identity, Refusal

log = logging.getLogger("trinno.spid")

# How long a sign-in may take between the button and the response.
REQUEST_MAX_AGE = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Pending:
    """The request this browser waits an answer to. It travels in a signed cookie of its
    own (spid.views), not in the session: a real IdP posts back from another site, and the
    session cookie (SameSite=Lax) is not sent with that post.

    `link_user` is the account whose password was just checked, to link the identity to.
    """

    request_id: str
    idp: str
    level: int
    sent_at: dt.datetime
    next_url: str = ""
    link_user: int | None = None
    relay_state: str = ""

    def dump(self) -> dict[str, object]:
        return {
            "id": self.request_id,
            "idp": self.idp,
            "level": self.level,
            "sent": self.sent_at.isoformat(),
            "next": self.next_url,
            "link": self.link_user,
            "relay": self.relay_state,
        }

    @classmethod
    def load(cls, data: object) -> "Pending | None":
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["id"]),
                str(data["idp"]),
                int(data["level"]),
                dt.datetime.fromisoformat(str(data["sent"])),
                str(data.get("next") or ""),
                int(data["link"]) if data.get("link") else None,
                str(data.get("relay") or ""),
            )
        except (KeyError, ValueError, TypeError):
            return None


def authn_request_start(
    *,
    saml_client: Saml2Client,
    idp: str,
    level: int,
    next_url: str = "",
    link_user: int | None = None,
) -> tuple[Pending, str, str]:
    """Record and build a request: (pending, IdP SSO URL, SAMLRequest)."""
    request_id, url, saml_request = saml.authn_request(
        saml_client=saml_client, idp=idp, level=level
    )
    record = AuthnRequestRecord.objects.create(
        request_id=request_id, idp_entity_id=idp, level=level
    )
    # RelayState: opaque, never the address to return to (AgID's rules); the IdP echoes it.
    relay_state = secrets.token_urlsafe(16)
    pending = Pending(request_id, idp, level, record.created_at, next_url, link_user, relay_state)
    return pending, url, saml_request


def pending_from_record(saml_response: str) -> Pending | None:
    """The stored request a response says it answers, for a response that came without the
    browser's cookie. Used only where settings.SPID_REQUIRE_BROWSER_BINDING is off (the
    spid-sp-test run, whose HTTP client keeps no cookies): every other check still applies."""
    try:
        root = ElementTree.fromstring(base64.b64decode(saml_response, validate=False))
    except Exception:  # noqa: BLE001 - not base64, not XML: the normal path refuses it
        return None
    record = AuthnRequestRecord.objects.filter(request_id=root.get("InResponseTo", "")).first()
    if record is None:
        return None
    return Pending(record.request_id, record.idp_entity_id, record.level, record.created_at)


def _parse(saml_client: Saml2Client, saml_response: str, pending: Pending):
    from saml2.response import StatusError, UnsolicitedResponse
    from saml2.validate import ResponseLifetimeExceed, ToEarly

    try:
        response = saml_client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={pending.request_id: "/"}
        )
    except StatusError as exc:
        raise Refusal("status") from exc
    except UnsolicitedResponse as exc:
        raise Refusal("unsolicited") from exc
    except (ResponseLifetimeExceed, ToEarly) as exc:
        raise Refusal("expired") from exc
    except Exception as exc:  # noqa: BLE001 - pysaml2 signals a bad signature, audience or XML in many ways
        text = str(exc).lower()
        if "audience" in text:
            raise Refusal("audience") from exc
        if "signature" in text and "missing" in text or "not signed" in text:
            raise Refusal("unsigned") from exc
        raise Refusal("invalid") from exc
    if response is None or response.assertion is None:
        raise Refusal("invalid")
    return response


def _check(response, pending: Pending, now: dt.datetime) -> int:
    message, assertion = response.response, response.assertion
    if message.signature is None or assertion.signature is None:
        raise Refusal("unsigned")
    rules.check_issuer(
        expected=pending.idp,
        response_issuer=message.issuer.text if message.issuer is not None else None,
        assertion_issuer=assertion.issuer.text if assertion.issuer is not None else None,
    )
    confirmation = assertion.subject.subject_confirmation[0].subject_confirmation_data
    name_id, conditions = assertion.subject.name_id, assertion.conditions
    rules.check_shape(
        rules.Shape(
            response_issuer_format=message.issuer.format,
            assertion_version=assertion.version,
            assertion_issuer_format=assertion.issuer.format,
            name_id_format=name_id.format if name_id is not None else None,
            name_id_qualifier=name_id.name_qualifier if name_id is not None else None,
            has_name_id=name_id is not None and bool(name_id.text),
            confirmation_not_on_or_after=confirmation.not_on_or_after,
            has_conditions=conditions is not None,
            conditions_not_before=conditions.not_before if conditions is not None else None,
            conditions_not_on_or_after=conditions.not_on_or_after
            if conditions is not None
            else None,
            audiences=tuple(
                audience.text or ""
                for restriction in (conditions.audience_restriction if conditions else [])
                for audience in restriction.audience
            ),
        )
    )
    rules.check_destination(
        acs_url=saml.acs_url(), destination=message.destination, recipient=confirmation.recipient
    )
    if (
        message.in_response_to != pending.request_id
        or confirmation.in_response_to != pending.request_id
    ):
        raise Refusal("unsolicited")
    skew = dt.timedelta(seconds=settings.SPID_CLOCK_SKEW_SECONDS)
    rules.check_instant(
        issued=saml.utc(message.issue_instant), request_sent=pending.sent_at, now=now, skew=skew
    )
    rules.check_instant(
        issued=saml.utc(assertion.issue_instant), request_sent=pending.sent_at, now=now, skew=skew
    )
    if now - pending.sent_at > REQUEST_MAX_AGE:
        raise Refusal("expired")
    class_ref = response.authn_info()[0][0] if response.authn_info() else None
    rules.check_level(asked=pending.level, class_ref=class_ref)
    return rules.level_of(class_ref)


@transaction.atomic
def response_consume(
    *, saml_response: str, pending: Pending | None, relay_state: str | None = None
) -> Identity:
    """The identity in a response, once; Refusal (with a code for the log) otherwise."""
    try:
        if pending is None:
            raise Refusal("unsolicited")
        if relay_state is not None and relay_state != pending.relay_state:
            raise Refusal("unsolicited")
        now = timezone.now()
        saml_client = saml.client()
        response = _parse(saml_client, saml_response, pending)
        level = _check(response, pending, now)
        try:
            with transaction.atomic():
                ConsumedAssertion.objects.create(
                    assertion_id=response.assertion.id, issuer=pending.idp
                )
        except IntegrityError as exc:
            raise Refusal("replay") from exc
        # The request is answered once: the conditional UPDATE decides between two posts.
        if not AuthnRequestRecord.objects.filter(
            request_id=pending.request_id,
            idp_entity_id=pending.idp,
            consumed_at__isnull=True,
            created_at__gte=now - REQUEST_MAX_AGE,
        ).update(consumed_at=now):
            raise Refusal("unsolicited")
        return rules.identity_from(response.ava, level=level, idp=pending.idp)
    except Refusal as refusal:
        # The code and the IdP only: never a name, a codice fiscale or the XML.
        log.warning(
            "spid response refused: %s (idp=%s)", refusal.code, pending.idp if pending else "-"
        )
        raise


class SignInError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _placeholder_email(fiscal_number: str) -> str:
    # An identity without an e-mail (CIE sends none): a reserved domain that is never mailed
    # (RFC 2606); the profile asks for a real address.
    return f"{fiscal_number.lower()}@spid.invalid"


def _proof_save(user: User, identity: Identity) -> None:
    """What this sign-in proved, for the person profile (spid.rules.profile_initial)."""
    ProvenIdentity.objects.update_or_create(
        user=user,
        defaults={
            "first_name": identity.first_name[:100],
            "last_name": identity.last_name[:100],
            "date_of_birth": identity.date_of_birth,
            "idp_entity_id": identity.idp,
        },
    )


@transaction.atomic
def user_for_identity(*, identity: Identity) -> User:
    """The account keyed by the codice fiscale; the first sign-in creates it.

    An e-mail account with the same address is not taken over by a SPID sign-in: its owner
    links it after a fresh password check (identity_link), so SignInError("email_taken").
    """
    user = User.objects.select_for_update().filter(fiscal_number=identity.fiscal_number).first()
    full_name = f"{identity.first_name} {identity.last_name}".strip()
    if user is not None:
        if full_name and user.full_name != full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
        _proof_save(user, identity)
        return user
    email = identity.email or _placeholder_email(identity.fiscal_number)
    if User.objects.filter(email__iexact=email).exists():
        raise SignInError("email_taken")
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=None,
                full_name=full_name,
                fiscal_number=identity.fiscal_number,
            )
    except IntegrityError as exc:
        raise SignInError("email_taken") from exc
    if identity.email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    _proof_save(user, identity)
    return user


@transaction.atomic
def identity_link(*, user: User, identity: Identity) -> User:
    """Bind a SPID/CIE identity to an e-mail account, once (the password was just checked)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.fiscal_number and user.fiscal_number != identity.fiscal_number:
        raise SignInError("linked_to_other")
    if User.objects.filter(fiscal_number=identity.fiscal_number).exclude(pk=user.pk).exists():
        raise SignInError("identity_taken")
    user.fiscal_number = identity.fiscal_number
    user.save(update_fields=["fiscal_number"])
    _proof_save(user, identity)
    return user
