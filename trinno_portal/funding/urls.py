from .urls_documents import urlpatterns as document_urls

app_name = "funding"

urlpatterns = [*document_urls]
