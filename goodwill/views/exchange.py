"""Web views of the exchange area. Its routes are listed here and added by views/urls.py."""

urlpatterns: list = []
