"""Every field of the portal's models has a translated label: without one Django shows
the field's name ("Position", "Envelope", "By") in the admin and in forms, in English on
Italian pages."""

from django.apps import apps
from django.utils.functional import Promise

PACKAGES = ("trinno_portal", "audits", "catalogue", "vouchers", "monitoring")
# The accounts models belong to the engineer rebuilding sign-in (SPID, legal
# representatives); their foreign keys still take the field's name.
ACCOUNTS_LEFT = {
    "LocalUnit.enterprise",
    "EnterpriseLink.enterprise",
    "Membership.user",
    "Membership.enterprise",
    "Person.user",
}


def test_every_field_of_every_model_has_a_translated_label():
    unlabelled = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in PACKAGES or model.__name__.startswith(
            "Historical"
        ):
            continue
        for field in model._meta.concrete_fields:
            if field.primary_key and field.auto_created:
                continue
            name = f"{model.__name__}.{field.name}"
            if name in ACCOUNTS_LEFT:
                continue
            if not isinstance(field._verbose_name, Promise):
                unlabelled.append(name)
    assert not unlabelled, f"give these fields a gettext_lazy verbose_name: {unlabelled}"
