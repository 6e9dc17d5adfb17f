from django.urls import path

from catalogue.call.urls import urlpatterns as call_urls
from catalogue.editions import views

app_name = "catalogue"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("edizioni/", views.edition_list, name="editions"),
    path("edizioni/<int:number>/", views.service_list, name="edition"),
    path("edizioni/<int:number>/servizi/<str:code>/", views.service_detail, name="service"),
    path("differenze/", views.edition_diff, name="diff"),
    path("differenze/pdf/", views.edition_diff_pdf, name="diff_pdf"),
    *call_urls,
]
