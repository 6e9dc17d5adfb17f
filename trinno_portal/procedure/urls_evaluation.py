from django.urls import path

from trinno_portal.procedure import views_evaluation as views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("<int:pk>/", views.evaluation_sheet, name="sheet"),
    path("<int:pk>/dichiarazione/", views.evaluation_declare, name="declare"),
    path("<int:pk>/documenti/<int:document>/", views.evaluation_document, name="document"),
]
