from django.urls import path

from audits.call import views
from audits.selfassessment.urls import urlpatterns as selfassessment_urls

app_name = "audits"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bando/", views.call_detail, name="call"),
    path("simulatore/", views.simulator, name="simulator"),
    path("api/simulatore/", views.simulator_api, name="simulator_api"),
    path("domanda/nuova/", views.application_start, name="application_start"),
    path("domanda/<int:pk>/", views.application_detail, name="application_detail"),
    path("domanda/<int:pk>/passo/<slug:step>/", views.application_step, name="application_step"),
    path("domanda/<int:pk>/riepilogo/", views.application_review, name="application_review"),
    path("domanda/<int:pk>/ritira/", views.application_withdraw, name="application_withdraw"),
    path("domanda/<int:pk>/risposta/", views.application_answer, name="application_answer"),
    path("domanda/<int:pk>/ricevuta.pdf", views.application_receipt, name="application_receipt"),
    path("domanda/<int:pk>/lettera.pdf", views.application_letter, name="application_letter"),
    path("domanda/<int:pk>/firma/", views.application_sign_letter, name="application_sign_letter"),
    path(
        "domanda/<int:pk>/relazione-finale/",
        views.application_final_report,
        name="application_final_report",
    ),
    *selfassessment_urls,
]
