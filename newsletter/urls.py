"""Mounted under each language (website/urls.py): /<lang>/subscription/…"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.signup, name="newsletter_signup"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("manage/<str:token>/", views.manage, name="newsletter_manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
]
