"""A file name of 1,000 characters is shortened, not refused: the upload keeps the
form and the document (lib/files.py: sanitize_filename, MAX_FILENAME_LENGTH)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.audits.conftest import MINIMAL_PDF
from trinno_portal.funding.models import Application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stem", ["a" * 1000, "à" * 1000, "Preventivo " * 90])
def test_a_very_long_file_name_is_shortened_and_the_document_kept(client, audit_call, member, stem):
    client.force_login(member.user)
    client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    application = Application.objects.get()
    upload = SimpleUploadedFile(f"{stem}.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        f"/audit/domanda/{application.pk}/passo/documents/", {"kind": "quote", "file": upload}
    )
    assert response.status_code in (200, 302)
    document = application.documents.get()
    assert len(document.original_name) <= 120 and document.original_name.endswith(".pdf")


def _admin_upload_fields(admin_user):
    """Every file field an admin add or change form (or one of its inlines) shows."""
    from django import forms
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        forms_shown = [(model, model_admin.get_form(request, obj=None))]
        forms_shown += [
            (inline.model, inline.get_formset(request).form)
            for inline in model_admin.get_inline_instances(request)
        ]
        for shown_model, form in forms_shown:
            for name, form_field in form.base_fields.items():
                if isinstance(form_field, forms.FileField):
                    yield shown_model, shown_model._meta.get_field(name), form_field


def test_every_admin_upload_is_stored_under_a_random_name_and_takes_any_name(admin_user):
    """The class: a file staff upload is never stored under the name they gave it, and
    the form never refuses the name for its length."""
    fields = list(_admin_upload_fields(admin_user))
    assert {f"{model._meta.label}.{field.name}" for model, field, _ in fields} >= {
        "outreach.Material.file",
        "monitoring.ReportIdentity.programme_emblem",
    }
    for model, field, form_field in fields:
        label = f"{model._meta.label}.{field.name}"
        stored = field.generate_filename(model(), "x" * 1000 + ".pdf")
        assert len(stored) <= field.max_length, label
        assert "xxxx" not in stored, label  # the user's name is data, never the path
        assert form_field.max_length is None, label


def test_a_material_with_a_very_long_name_is_accepted_by_the_admin_form(db, settings, tmp_path):
    from django.forms import modelform_factory

    from monitoring.models import Activity
    from monitoring.outreach.models import Material
    from tests.outreach.conftest import make_event

    settings.MEDIA_ROOT = tmp_path
    form_class = modelform_factory(Material, fields=["event", "title", "file", "position"])
    upload = SimpleUploadedFile("m" * 1000 + ".pdf", MINIMAL_PDF, content_type="application/pdf")
    activity = Activity.objects.get_or_create(
        code="a1", defaults={"title_it": "Attività 1", "title_en": "Activity 1"}
    )[0]
    event = make_event(activity)
    form = form_class(
        data={"event": event.pk, "title": "Slide", "position": 0}, files={"file": upload}
    )
    assert form.is_valid(), form.errors
    material = form.save()
    assert material.file.name.startswith("outreach/materials/") and len(material.file.name) < 80
