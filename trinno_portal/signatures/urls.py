from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("domanda/<int:pk>/modulo.pdf", views.application_form, name="application_form"),
    path("delega/<int:pk>/", views.delegation_download, name="delegation_download"),
]
