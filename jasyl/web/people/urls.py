from django.contrib.auth import views as auth
from django.urls import path

from jasyl.web.people import views

app_name = "people"

urlpatterns = [
    path(
        "accounts/login/",
        auth.LoginView.as_view(template_name="people/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/start/", views.start, name="start"),
    path("accounts/", views.account, name="account"),
    path("accounts/verify/", views.verify, name="mfa"),
    path("accounts/verify/set-up/", views.enrol, name="mfa_enrol"),
    path("accounts/password/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "accounts/password/changed/",
        auth.PasswordChangeDoneView.as_view(template_name="people/password_change_done.html"),
        name="password_change_done",
    ),
    path("accounts/password/reset/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth.PasswordResetDoneView.as_view(template_name="people/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth.PasswordResetCompleteView.as_view(template_name="people/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("security/events/", views.security_events, name="security_events"),
]
