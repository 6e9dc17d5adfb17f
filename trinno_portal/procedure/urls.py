from django.urls import path

from trinno_portal.procedure import views

app_name = "procedure"

urlpatterns = [
    path("<int:pk>/osservazioni/", views.preavviso_answer, name="preavviso_answer"),
]
