"""URL patterns of the payments (namespace "payments"), under /pratiche/pagamenti/."""

from django.urls import path

from trinno_portal.funding.payments import views, views_staff

app_name = "payments"

urlpatterns = [
    path("domande/<int:pk>/", views.claims, name="claims"),
    path("controlli/<int:pk>/", views_staff.claim_check, name="claim_check"),
    path("mandati/<int:pk>.pdf", views_staff.order_pdf, name="order_pdf"),
    path("spesa-dichiarata.xlsx", views_staff.expenditure_xlsx, name="expenditure_xlsx"),
]
