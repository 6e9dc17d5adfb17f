from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("domanda/<int:pk>/modulo.pdf", views.application_form, name="application_form"),
    path(
        "relazione/<int:pk>/relazione-finale.pdf", views.final_report_pdf, name="final_report_pdf"
    ),
    path("delega/<int:pk>/", views.delegation_download, name="delegation_download"),
]
