"""URLs of the innovation-services call, under /catalogo/bando/ in the "catalogue"
namespace (included by catalogue/urls.py); every name starts with "call"."""

from django.urls import path

from catalogue.call import views

urlpatterns = [
    path("bando/", views.call_detail, name="call"),
    path("bando/domande/", views.dashboard, name="call_dashboard"),
    path("bando/domanda/nuova/", views.application_start, name="call_start"),
    path("bando/domanda/<int:pk>/", views.application_detail, name="call_application"),
    path("bando/domanda/<int:pk>/passo/<slug:step>/", views.application_step, name="call_step"),
    path("bando/domanda/<int:pk>/riepilogo/", views.application_review, name="call_review"),
    path("bando/domanda/<int:pk>/ritira/", views.application_withdraw, name="call_withdraw"),
    path("bando/domanda/<int:pk>/risposta/", views.application_answer, name="call_answer"),
    path("bando/domanda/<int:pk>/ricevuta.pdf", views.application_receipt, name="call_receipt"),
]
