from django.urls import path

from . import views, views_representative

app_name = "accounts"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("nuova/", views.enterprise_create, name="enterprise_create"),
    path("rivendica/", views_representative.enterprise_claim, name="enterprise_claim"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/modifica/", views.enterprise_update, name="enterprise_update"),
    path("<int:pk>/unita-locali/nuova/", views.local_unit_create, name="local_unit_create"),
    path(
        "<int:pk>/unita-locali/<int:unit_pk>/modifica/",
        views.local_unit_update,
        name="local_unit_update",
    ),
    path(
        "<int:pk>/unita-locali/<int:unit_pk>/elimina/",
        views.local_unit_delete,
        name="local_unit_delete",
    ),
    path("<int:pk>/collegate/nuova/", views.link_create, name="link_create"),
    path("<int:pk>/collegate/<int:link_pk>/modifica/", views.link_update, name="link_update"),
    path("<int:pk>/collegate/<int:link_pk>/elimina/", views.link_delete, name="link_delete"),
    path("<int:pk>/delegati/invita/", views.membership_invite, name="membership_invite"),
    path(
        "<int:pk>/delegati/<int:membership_pk>/rimuovi/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("invito/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
