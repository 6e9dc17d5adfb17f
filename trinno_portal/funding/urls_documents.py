"""URL patterns of the documents room, included by trinno_portal/funding/urls.py
(namespace "funding")."""

from django.urls import path

from trinno_portal.funding import views_documents

urlpatterns = [
    path(
        "documenti/<int:pk>/scarica/",
        views_documents.document_download,
        name="document_download",
    ),
    path(
        "bandi/documenti/<int:pk>/",
        views_documents.call_document_download,
        name="call_document",
    ),
]
