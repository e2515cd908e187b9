"""Accounts for the jury and the secretariat, under /konto/. Nominators need none."""

from django.urls import path

from .views import accounts

urlpatterns = [
    path("logg-inn/", accounts.LoginView.as_view(), name="login"),
    path("logg-ut/", accounts.LogoutView.as_view(), name="logout"),
    path(
        "passord/<uidb64>/<token>/",
        accounts.SetPasswordView.as_view(),
        name="password_set",
    ),
]
