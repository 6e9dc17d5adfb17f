from django.urls import path

from . import views_dashboard
from .urls_documents import urlpatterns as document_urls

app_name = "funding"

urlpatterns = [
    path("", views_dashboard.my_applications, name="my_applications"),
    *document_urls,
]
