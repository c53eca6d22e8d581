"""Web views of the duplicates area. Its routes are listed here and added by views/urls.py."""

urlpatterns: list = []
