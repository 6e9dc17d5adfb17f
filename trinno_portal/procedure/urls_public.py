from django.urls import path

from trinno_portal.procedure import views_public as views

app_name = "rankings"

urlpatterns = [
    path("", views.ranking_list, name="list"),
    path("<int:pk>/", views.ranking_detail, name="detail"),
    path("<int:pk>/decreto.pdf", views.ranking_decree, name="decree"),
]
