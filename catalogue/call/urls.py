"""URLs of the innovation-services call, under /catalogo/bando/ in the "catalogue"
namespace (included by catalogue/urls.py); every name starts with "call"."""

from django.urls import path

from catalogue.call import views
from trinno_portal.funding.journey.urls import journey_patterns

urlpatterns = [
    path("bando/", views.call_detail, name="call"),
    path("bando/domande/", views.dashboard, name="call_dashboard"),
    *journey_patterns(
        "catalogue",
        start="bando/domanda/nuova/",
        detail="bando/domanda/<int:pk>/",
        step="bando/domanda/<int:pk>/passo/<slug:step>/",
        review="bando/domanda/<int:pk>/riepilogo/",
        withdraw="bando/domanda/<int:pk>/ritira/",
        answer="bando/domanda/<int:pk>/risposta/",
        receipt="bando/domanda/<int:pk>/ricevuta.pdf",
    ),
]
