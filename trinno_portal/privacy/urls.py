from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy, name="privacy"),
    path("i-miei-dati.json", views.my_data, name="my_data"),
    path("impresa/<int:pk>/dati.json", views.enterprise_data, name="enterprise_data"),
    path("cancellazione/persona/<int:pk>/", views.person_erase, name="person_erase"),
    path("cancellazione/impresa/<int:pk>/", views.enterprise_erase, name="enterprise_erase"),
]
