"""The admin site: only for staff whose session was verified with the second factor (the
equivalent of django-otp's `OTPAdminSite`, reading the session rather than the device on every
request). Signing in goes through the site's own sign-in page, with its throttling and its code
step; the admin has no sign-in form of its own."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jasyl.domain.people import sessions


class AdminSite(admin.AdminSite):
    site_header = _("Jasyl administration")
    site_title = _("Jasyl administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and sessions.is_verified(request.session)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in, but not staff (or not verified, which the code step asks first).
            raise PermissionDenied
        index = reverse("admin:index", current_app=self.name)
        return redirect_to_login(request.GET.get("next", index), reverse("people:login"))
