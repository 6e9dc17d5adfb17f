"""URLs of the self-assessment, included by audits/urls.py (namespace "audits")."""

from django.urls import path

from audits.selfassessment import views

urlpatterns = [
    path("autovalutazione/", views.selfassessment_start, name="selfassessment_start"),
    path(
        "autovalutazione/<int:pk>/compila/",
        views.selfassessment_fill,
        name="selfassessment_fill",
    ),
    path(
        "autovalutazione/<int:pk>/risultato/",
        views.selfassessment_result,
        name="selfassessment_result",
    ),
    path(
        "autovalutazione/impresa/<int:pk>/storico/",
        views.selfassessment_history,
        name="selfassessment_history",
    ),
]
