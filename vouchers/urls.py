from django.urls import path

from vouchers.call.urls import urlpatterns as voucher_urls
from vouchers.offer import views

app_name = "vouchers"

urlpatterns = [
    path("profilo/", views.profile, name="profile"),
    path("corsi/", views.course_list, name="course_list"),
    path("corsi/<int:pk>/", views.course_detail, name="course_detail"),
    path("ente/", views.agency_home, name="agency_home"),
    path("ente/<int:agency_pk>/", views.agency_dashboard, name="agency_dashboard"),
    path("ente/<int:agency_pk>/corsi/nuovo/", views.course_create, name="course_create"),
    path("ente/corsi/<int:pk>/", views.course_manage, name="course_manage"),
    path("ente/corsi/<int:pk>/modifica/", views.course_edit, name="course_edit"),
    path(
        "ente/corsi/<int:pk>/invia/",
        views.course_transition,
        {"name": "submit"},
        name="course_submit",
    ),
    path(
        "ente/corsi/<int:pk>/bozza/",
        views.course_transition,
        {"name": "recall"},
        name="course_recall",
    ),
    path(
        "ente/corsi/<int:pk>/ritira/",
        views.course_transition,
        {"name": "withdraw"},
        name="course_withdraw",
    ),
    *voucher_urls,
]
