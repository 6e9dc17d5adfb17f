from django.urls import path

from trinno_portal.funding import views_dashboard
from trinno_portal.funding.aftercare.urls import urlpatterns as aftercare_urls
from trinno_portal.funding.urls_documents import urlpatterns as document_urls

app_name = "funding"

urlpatterns = [
    path("", views_dashboard.my_applications, name="my_applications"),
    *document_urls,
    *aftercare_urls,
]
