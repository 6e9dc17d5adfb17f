"""Where the portal requires the delegation signed (SIGNATURE_DELEGATION_REQUIRED), the
legal representative invites a delegate with it: an unsigned delegation is refused,
naming the check, with the address typed kept; the one signed with the demo key (as
the README tells a newcomer to sign) sends the invitation, and the delegate accepts."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, _user
from tests.factories import MembershipFactory
from tests.signatures.pki import blank_pdf
from trinno_portal.accounts.models import MemberRole
from trinno_portal.accounts.roles import Role
from trinno_portal.lib.signatures_pki import sign_pades
from trinno_portal.signatures.demo import demo_chain, demo_pki_ensure
from trinno_portal.signatures.models import SignedDelegation

DELEGATE = "delegato@example.it"
FIELD = "Delega firmata digitalmente dal legale rappresentante"


@pytest.fixture
def delegation_required(settings, tmp_path):
    # The live server runs in this process: the settings fixture reaches it too.
    settings.DEMO_MODE = True
    settings.SIGNATURE_DELEGATION_REQUIRED = True
    settings.SIGNATURE_DEMO_DIR = tmp_path / "signatures"
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(page: Page, portal, email: str) -> None:
    page.context.clear_cookies()
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Accedi")).to_have_count(0)


def test_the_legal_representative_invites_a_delegate_with_the_signed_delegation(
    portal, page: Page, applicant, delegation_required
):
    member = MembershipFactory(user=applicant)
    demo_pki_ensure(legal_rep_email=applicant.email)
    delegate = _user(DELEGATE, Role.APPLICANT)
    signer, chain = demo_chain()

    _login(page, portal, applicant.email)
    page.goto(portal.url + f"/imprese/{member.enterprise.pk}/")
    page.get_by_role("link", name="Invita un delegato").click()
    page.get_by_label("Indirizzo e-mail del delegato").fill(DELEGATE)
    page.get_by_label(FIELD).set_input_files(
        {"name": "delega.pdf", "mimeType": "application/pdf", "buffer": blank_pdf("Delega")}
    )
    page.get_by_role("button", name="Salva").click()
    # Refused, naming the failed check; the address typed is still there.
    expect(page.get_by_text("non ha una firma digitale")).to_be_visible()
    expect(page.get_by_label("Indirizzo e-mail del delegato")).to_have_value(DELEGATE)
    assert not mail.outbox and not SignedDelegation.objects.exists()

    signed = sign_pades(blank_pdf("Delega"), signer=signer, chain=chain)
    page.get_by_label(FIELD).set_input_files(
        {"name": "delega-firmata.pdf", "mimeType": "application/pdf", "buffer": signed}
    )
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text(f"È stato inviato un invito a {DELEGATE}.")).to_be_visible()
    assert SignedDelegation.objects.get().signer_tax_code == "DMOLGL80A01A390A"

    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/\S*invito/\S+)", message.body).group(1)

    _login(page, portal, delegate.email)
    page.goto(portal.url + path)
    page.get_by_role("button", name="Accetta l'invito").click()
    expect(page.get_by_text(f"Ora operi per {member.enterprise.legal_name}")).to_be_visible()
    assert member.enterprise.memberships.filter(user=delegate, role=MemberRole.DELEGATE).exists()
    # The delegate's membership shows the delegation it rests on.
    expect(page.locator(".signed-delegation")).to_contain_text("Delega firmata da Demo")
