from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("accessibilita/", views.accessibility, name="accessibility"),
    path("aiuto/", views.help_page, name="help"),
]
