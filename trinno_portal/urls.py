from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    # Fixed addresses, registered with AgID and the IdPs: no language prefix.
    path("spid/", include("trinno_portal.spid.urls")),
]

# Italian is the default language and has no prefix; English lives under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("imprese/", include("trinno_portal.accounts.urls")),
    path("pratiche/pagamenti/", include("trinno_portal.funding.payments.urls")),
    path("pratiche/", include("trinno_portal.funding.urls")),
    path("procedimento/", include("trinno_portal.procedure.urls")),
    path("valutazione/", include("trinno_portal.procedure.urls_evaluation")),
    path("graduatorie/", include("trinno_portal.procedure.urls_public")),
    path("audit/", include("audits.urls")),
    path("catalogo/", include("catalogue.urls")),
    path("voucher/", include("vouchers.urls")),
    path("monitoraggio/", include("monitoring.urls")),
    # Events (/eventi/) and the "chiedi informazioni" form (/chiedi-informazioni/).
    path("", include("monitoring.outreach.urls")),
    path("privacy/", include("trinno_portal.privacy.urls")),
    # The accessibility statement (/accessibilita/) and the help page (/aiuto/).
    path("", include("trinno_portal.pages.urls")),
    path("firme/", include("trinno_portal.signatures.urls")),
    path("trasparenza/", include("trinno_portal.rna.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
