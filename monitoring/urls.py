from django.urls import path

from . import views
from .catalogue_review import views as review_views
from .training_offer import views as offer_views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rapporti/nuovo/", views.report_request, name="report_request"),
    path("rapporti/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapporti/<int:pk>/stato/", views.report_status, name="report_status"),
    path("rapporti/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("rapporti/<int:pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("rapporti/<int:pk>/rigenera/", views.report_regenerate, name="report_regenerate"),
    path("dati-aperti/operazioni.csv", views.open_data, {"fmt": "csv"}, name="open_data_csv"),
    path("dati-aperti/operazioni.json", views.open_data, {"fmt": "json"}, name="open_data_json"),
    path("dati-aperti/", views.open_data_dictionary, name="open_data_dictionary"),
    path("dati-aperti/catalogo.jsonld", views.open_data_catalogue, name="open_data_catalogue"),
    path("piano/sottoattivita/<int:pk>/", views.subactivity_edit, name="subactivity_edit"),
    path("piano/rischi/<int:pk>/", views.risk_edit, name="risk_edit"),
    path("formazione/", offer_views.training_offer, name="training_offer"),
    path(
        "raccomandazioni/<int:pk>/pdf/",
        review_views.recommendation_pdf,
        name="recommendation_pdf",
    ),
]
