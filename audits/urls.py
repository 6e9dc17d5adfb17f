from django.urls import path

from audits.call import views
from audits.selfassessment.urls import urlpatterns as selfassessment_urls
from trinno_portal.funding.journey.urls import journey_patterns

app_name = "audits"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bando/", views.call_detail, name="call"),
    path("simulatore/", views.simulator, name="simulator"),
    path("api/simulatore/", views.simulator_api, name="simulator_api"),
    *journey_patterns(
        "audit",
        start="domanda/nuova/",
        detail="domanda/<int:pk>/",
        step="domanda/<int:pk>/passo/<slug:step>/",
        review="domanda/<int:pk>/riepilogo/",
        withdraw="domanda/<int:pk>/ritira/",
        answer="domanda/<int:pk>/risposta/",
        receipt="domanda/<int:pk>/ricevuta.pdf",
    ),
    path("domanda/<int:pk>/lettera.pdf", views.application_letter, name="application_letter"),
    path("domanda/<int:pk>/firma/", views.application_sign_letter, name="application_sign_letter"),
    path(
        "domanda/<int:pk>/relazione-finale/",
        views.application_final_report,
        name="application_final_report",
    ),
    *selfassessment_urls,
]
