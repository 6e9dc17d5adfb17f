"""URL patterns of the life after approval, included by trinno_portal/funding/urls.py
(namespace "funding"), the same for every scheme with Scheme.aftercare."""

from django.urls import path

from trinno_portal.funding.aftercare import views

urlpatterns = [
    path("domande/<int:pk>/accordo.pdf", views.agreement_download, name="agreement_download"),
    path("domande/<int:pk>/accordo/accetta/", views.agreement_accept, name="agreement_accept"),
    path("domande/<int:pk>/relazione-finale/", views.final_report, name="final_report"),
]
