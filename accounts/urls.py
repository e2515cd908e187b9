"""Accounts for the jury and the secretariat, under /konto/. Nominators need none."""

from django.urls import path

from . import views

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-inn/kode/", views.login_code, name="login_code"),
    path("logg-inn/gjenopprettingskode/", views.login_recovery, name="login_recovery"),
    path("logg-inn/sett-opp/", views.login_setup, name="login_setup"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path(
        "passord/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="password_set",
    ),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sikkerhet/", views.security, name="account_security"),
    path("sikkerhet/ny-app/", views.replace_authenticator, name="replace_authenticator"),
    path("sikkerhet/gjenopprettingskoder/", views.recovery_codes, name="recovery_codes"),
    path(
        "sikkerhet/gjenopprettingskoder/last-ned/",
        views.recovery_codes_download,
        name="recovery_codes_download",
    ),
]
