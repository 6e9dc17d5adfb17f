from django.urls import path

from trinno_portal.funding.journey.urls import journey_patterns
from vouchers.call import views

# Included from vouchers/urls.py (namespace "vouchers", under /voucher/).
urlpatterns = [
    path("domande/", views.dashboard, name="voucher_dashboard"),
    path("domande/nuova/", views.apply, name="voucher_apply"),
    path("domande/<int:pk>/modifica/", views.apply, name="voucher_edit"),
    *journey_patterns(
        "voucher",
        detail="domande/<int:pk>/",
        answer="domande/<int:pk>/risposta/",
        review="domande/<int:pk>/riepilogo/",
        withdraw="domande/<int:pk>/ritira/",
        receipt="domande/<int:pk>/ricevuta.pdf",
    ),
    path("domande/<int:pk>/iscrizione/", views.confirm_enrolment, name="voucher_enrolment"),
    path("ente/voucher/", views.agency_vouchers, name="agency_vouchers"),
    path("ente/voucher/<int:pk>/", views.agency_voucher, name="agency_voucher"),
]
