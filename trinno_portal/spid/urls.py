from django.urls import path

from . import views

app_name = "spid"

urlpatterns = [
    path("metadata/", views.metadata, name="metadata"),
    path("login/", views.login_start, name="login"),
    path("acs/", views.acs, name="acs"),
    path("collega/", views.link, name="link"),
    path("test-idp/metadata/", views.test_idp_metadata, name="test_idp_metadata"),
    path("test-idp/sso/", views.test_idp_sso, name="test_idp_sso"),
]
