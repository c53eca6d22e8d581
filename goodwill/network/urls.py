"""Web routes of the network area. URL names are ``area.action``."""

from django.urls import path

from goodwill.network import views
from goodwill.network.views import find_path, graph_json, home

urlpatterns = [
    path("network/", home, name="network.home"),
    path("network/path/", find_path, name="network.path"),
    path("network/graph.json", graph_json, name="network.graph"),
]

urlpatterns += [
    path("people/<int:pk>/relationships/", views.add, name="relationships.add"),
    path(
        "people/<int:pk>/relationships/<int:other>/delete/",
        views.delete,
        name="relationships.delete",
    ),
]
