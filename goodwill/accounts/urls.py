"""Web routes of the accounts area. URL names are ``area.action``."""

from django.urls import path

from goodwill.accounts import views
from goodwill.accounts.views import (
    account_settings,
    change_password,
    change_phone_region,
    delete_account,
    invites,
    password_reset,
    password_reset_confirm,
    revoke_invite,
    sign_out_others,
    signup,
)

urlpatterns = [
    path("password-reset/", password_reset, name="accounts.reset"),
    path("password-reset/confirm/", password_reset_confirm, name="accounts.reset_confirm"),
    path("settings/account/", account_settings, name="accounts.settings"),
    path("settings/account/password/", change_password, name="accounts.password"),
    path("settings/account/region/", change_phone_region, name="accounts.region"),
    path("settings/account/sessions/", sign_out_others, name="accounts.sessions"),
    path("settings/account/delete/", delete_account, name="accounts.delete"),
    path("settings/invites/", invites, name="accounts.invites"),
    path("settings/invites/<int:pk>/revoke/", revoke_invite, name="accounts.invite_revoke"),
    path("signup/", signup, name="accounts.signup"),
]

urlpatterns += [
    path("setup/", views.setup, name="accounts.setup"),
    path("login/", views.login_view, name="accounts.login"),
    path("logout/", views.logout_view, name="accounts.logout"),
    path("settings/tokens/", views.token_list, name="tokens.list"),
    path("settings/tokens/<int:pk>/revoke/", views.revoke, name="tokens.revoke"),
]
