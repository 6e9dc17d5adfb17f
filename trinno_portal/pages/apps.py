from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "trinno_portal.pages"
    label = "pages"
    verbose_name = _("Accessibility and help")
    default_auto_field = "django.db.models.BigAutoField"
