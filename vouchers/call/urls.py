from django.urls import path

from vouchers.call import views

# Included from vouchers/urls.py (namespace "vouchers", under /voucher/).
urlpatterns = [
    path("domande/", views.dashboard, name="voucher_dashboard"),
    path("domande/nuova/", views.apply, name="voucher_apply"),
    path("domande/<int:pk>/", views.detail, name="voucher_detail"),
    path("domande/<int:pk>/risposta/", views.answer, name="voucher_answer"),
    path("domande/<int:pk>/modifica/", views.apply, name="voucher_edit"),
    path("domande/<int:pk>/riepilogo/", views.review, name="voucher_review"),
    path("domande/<int:pk>/ritira/", views.withdraw, name="voucher_withdraw"),
    path("domande/<int:pk>/iscrizione/", views.confirm_enrolment, name="voucher_enrolment"),
    path("domande/<int:pk>/rimborso/", views.payment_request, name="voucher_payment_request"),
    path("domande/<int:pk>/ricevuta.pdf", views.receipt, name="voucher_receipt"),
    path("ente/voucher/", views.agency_vouchers, name="agency_vouchers"),
    path("ente/voucher/<int:pk>/", views.agency_voucher, name="agency_voucher"),
]
