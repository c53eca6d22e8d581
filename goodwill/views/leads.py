"""Web views of the leads area. Its routes are listed here and added by views/urls.py."""

urlpatterns: list = []
