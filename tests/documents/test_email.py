"""send_templated_email with the generic notice triplet, in both languages."""

from django.core import mail

from trinno_portal.lib.email import send_templated_email

CONTEXT = {
    "subject": "Pratica AUD-2026-0001\nprotocollata",
    "name": "Rossi & Figli srl",
    "message": "La pratica è stata protocollata.\nGrazie.",
    "action_url": "https://portale.example.it/pratiche/1/",
}


def test_it_sends_text_and_html_in_italian():
    send_templated_email(template_prefix="emails/notice", context=CONTEXT, to=["a@example.it"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.it"]
    # Wrapped in the template or in the value, a subject is one line.
    assert message.subject == "[TRINNO] Pratica AUD-2026-0001 protocollata"
    assert "Gentile Rossi & Figli srl," in message.body
    assert "&amp;" not in message.body
    assert "Apri il portale: https://portale.example.it/pratiche/1/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Gentile Rossi &amp; Figli srl," in html
    assert 'lang="it"' in html
    assert "protocollata.<br>Grazie." in html


def test_it_sends_in_the_language_asked():
    send_templated_email(
        template_prefix="emails/notice", context=CONTEXT, to=["a@example.it"], language="en"
    )
    message = mail.outbox[0]
    assert "Dear Rossi & Figli srl," in message.body
    assert "Open the portal: https://portale.example.it/pratiche/1/" in message.body
    assert 'lang="en"' in message.alternatives[0][0]


def test_it_escapes_html_in_the_html_body():
    context = {**CONTEXT, "message": "<script>alert(1)</script>"}
    send_templated_email(template_prefix="emails/notice", context=context, to=["a@example.it"])
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_sends_attachments():
    send_templated_email(
        template_prefix="emails/notice",
        context=CONTEXT,
        to=["a@example.it", "b@example.it"],
        attachments=[("ricevuta.pdf", b"%PDF-1.7 ...", "application/pdf")],
    )
    message = mail.outbox[0]
    assert message.to == ["a@example.it", "b@example.it"]
    assert message.attachments == [("ricevuta.pdf", b"%PDF-1.7 ...", "application/pdf")]


def test_it_sends_text_only_without_an_html_template(settings, tmp_path):
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "plain_subject.txt").write_text("Oggetto {{ x }}\n")
    (folder / "plain_body.txt").write_text("Corpo {{ x }}\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    send_templated_email(template_prefix="emails/plain", context={"x": "<1>"}, to=["a@example.it"])
    message = mail.outbox[0]
    assert message.subject == "Oggetto <1>"
    assert message.body == "Corpo <1>\n"
    assert message.alternatives == []
