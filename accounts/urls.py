"""The sign-in's own pages, under the admin's path but outside Wagtail's admin views (which admit
only signed-in staff): step 1 (replacing Wagtail's sign-in page), step 2, and the passkey ceremonies."""

from django.urls import include, path

from . import passkeys, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="accounts_sign_in"),
    path("two-factor/", views.second_factor, name="accounts_second_factor"),
    path("passkeys/", include(passkeys)),
]
