from django.urls import path

from trinno_portal.funding import views_dashboard, views_notifications
from trinno_portal.funding.aftercare.urls import urlpatterns as aftercare_urls
from trinno_portal.funding.journey.views_intake import intake_wait
from trinno_portal.funding.urls_documents import urlpatterns as document_urls

app_name = "funding"

urlpatterns = [
    path("", views_dashboard.my_applications, name="my_applications"),
    path("notifiche/", views_notifications.notification_list, name="notifications"),
    path("ricezione/<int:pk>/", intake_wait, name="intake_wait"),
    path(
        "notifiche/<int:pk>/apri/", views_notifications.notification_open, name="notification_open"
    ),
    path(
        "notifiche/lette/", views_notifications.notifications_mark_read, name="notifications_read"
    ),
    *document_urls,
    *aftercare_urls,
]
