"""Web routes of the giving area. URL names are ``area.action``."""

from django.urls import path

from goodwill.giving.views import (
    balance,
    give_add,
    give_delete,
    give_edit,
    home,
    need_add,
    need_delete,
    need_detail,
    need_edit,
    need_status,
    offer_add,
    offer_delete,
    offer_edit,
    offer_toggle,
)
from goodwill.giving.views.intros import (
    intro_add,
    intro_delete,
    intro_detail,
    intro_list,
    intro_step,
)

urlpatterns = [
    path("giving/", home, name="giving.home"),
    path("giving/balance/", balance, name="giving.balance"),
    path("giving/needs/new/", need_add, name="giving.need_add"),
    path("giving/needs/<int:need_id>/", need_detail, name="giving.need"),
    path("giving/needs/<int:need_id>/status/", need_status, name="giving.need_status"),
    path("giving/needs/<int:need_id>/edit/", need_edit, name="giving.need_edit"),
    path("giving/needs/<int:need_id>/delete/", need_delete, name="giving.need_delete"),
    path("giving/offers/new/", offer_add, name="giving.offer_add"),
    path("giving/offers/<int:offer_id>/toggle/", offer_toggle, name="giving.offer_toggle"),
    path("giving/offers/<int:offer_id>/edit/", offer_edit, name="giving.offer_edit"),
    path("giving/offers/<int:offer_id>/delete/", offer_delete, name="giving.offer_delete"),
    path("giving/gives/new/", give_add, name="giving.give_add"),
    path("giving/gives/<int:give_id>/edit/", give_edit, name="giving.give_edit"),
    path("giving/gives/<int:give_id>/delete/", give_delete, name="giving.give_delete"),
    path("giving/intros/", intro_list, name="giving.intros"),
    path("giving/intros/new/", intro_add, name="giving.intro_add"),
    path("giving/intros/<int:intro_id>/", intro_detail, name="giving.intro"),
    path("giving/intros/<int:intro_id>/step/", intro_step, name="giving.intro_step"),
    path("giving/intros/<int:intro_id>/delete/", intro_delete, name="giving.intro_delete"),
]
