"""Web routes of the interactions area. URL names are ``area.action``."""

from django.urls import path

from goodwill.interactions import views

urlpatterns = [
    path("log/", views.log, name="interactions.log"),
    path("interactions/<int:pk>/edit/", views.edit, name="interactions.edit"),
    path("interactions/<int:pk>/delete/", views.delete, name="interactions.delete"),
    path("people/<int:pk>/asks/", views.ask_add, name="asks.add"),
    path("asks/<int:pk>/toggle/", views.ask_toggle, name="asks.toggle"),
    path("asks/<int:pk>/delete/", views.ask_delete, name="asks.delete"),
    path("people/<int:pk>/promises/", views.promise_add, name="promises.add"),
    path("promises/<int:pk>/toggle/", views.promise_toggle, name="promises.toggle"),
    path("promises/<int:pk>/delete/", views.promise_delete, name="promises.delete"),
]
