from django.urls import path

from . import views, views_staff

app_name = "outreach"

urlpatterns = [
    path("eventi/", views.event_list, name="event_list"),
    path("eventi/<int:pk>/", views.event_detail, name="event_detail"),
    path("eventi/<int:pk>/evento.ics", views.event_calendar, name="event_calendar"),
    path("eventi/materiali/<int:pk>/", views.material_download, name="material"),
    path("eventi/iscrizione/<uuid:token>/", views.registration_manage, name="registration_manage"),
    path("eventi/questionario/<uuid:token>/", views.feedback, name="feedback"),
    path("eventi/<int:pk>/accoglienza/", views_staff.check_in, name="check_in"),
    path("chiedi-informazioni/", views.advice_request, name="advice_request"),
]
