"""Web routes of the people area. URL names are ``area.action``."""

from django.urls import path

from goodwill.people import views

urlpatterns = [
    path("people/", views.people_list, name="people.list"),
    path("people/new/", views.add, name="people.add"),
    path("people/search/", views.search, name="people.search"),
    path("people/<int:pk>/", views.detail, name="people.detail"),
    path("people/<int:pk>/edit/", views.edit, name="people.edit"),
    path("people/<int:pk>/archive/", views.archive, name="people.archive"),
    path("people/<int:pk>/delete/", views.delete, name="people.delete"),
    path("people/<int:pk>/photo/", views.photo, name="people.photo"),
    path("people/<int:pk>/cadence/", views.set_cadence, name="people.cadence"),
    path("tags/", views.tag_list, name="tags.list"),
    path("tags/<int:pk>/", views.tag_edit, name="tags.edit"),
    path("tags/<int:pk>/delete/", views.tag_delete, name="tags.delete"),
]
