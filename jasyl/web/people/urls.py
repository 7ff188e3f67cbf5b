from django.contrib.auth import views as auth
from django.urls import path

from jasyl.web.people.views import start

app_name = "people"

urlpatterns = [
    path(
        "accounts/login/",
        auth.LoginView.as_view(template_name="people/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/start/", start, name="start"),
]
