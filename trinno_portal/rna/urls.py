from django.urls import path

from trinno_portal.rna import views

app_name = "rna"
urlpatterns = [
    path("", views.transparency, name="transparency"),
    path("<int:pk>/", views.grant, name="grant"),
]
