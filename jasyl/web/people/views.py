"""Signing in and the account pages: the start page, password change and reset, the second
factor (setting up an authenticator app, giving its code), the lockout page and the security
event log (docs/security.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jasyl.domain.people import mfa, sessions
from jasyl.domain.people.access import can_read_security_events
from jasyl.domain.people.clients import client_ip
from jasyl.domain.people.models import ProgrammeRole
from jasyl.domain.people.selectors import security_events as events_selector
from jasyl.domain.people.services import Kind, record_security_event
from jasyl.domain.roadmap.models import Programme
from jasyl.web.people.forms import CodeForm, EventFilterForm, ResetForm

EVENTS_PER_PAGE = 50


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After signing in: the reporting inbox of the programme this person works on."""
    user = request.user
    assert user.is_authenticated
    code = (
        ProgrammeRole.objects.filter(user=user).values_list("programme__code", flat=True).first()
        or Programme.objects.filter(agencies__members__user=user)
        .values_list("code", flat=True)
        .first()
        or settings.JASYL_DEFAULT_PROGRAMME
    )
    return redirect("reporting:inbox", programme=code)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """One's own account: password, two-step verification, the security log if allowed."""
    user = request.user
    return render(
        request,
        "people/account.html",
        {
            "enrolled": mfa.confirmed_device(user) is not None,
            "required": mfa.needs_second_factor(user),
            "reads_events": can_read_security_events(user),
        },
    )


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _refusal(form: BaseForm, refusal: mfa.Refusal) -> None:
    if refusal.until is not None:
        until = formats.time_format(timezone.localtime(refusal.until), "H:i:s")
        form.add_error(
            "code",
            _("Too many wrong codes. Try again after %(time)s.") % {"time": until},
        )
    else:
        form.add_error("code", _("This code is not right, or was already used."))


def _verified(request: HttpRequest, device: Any) -> None:
    sessions.mark_verified(request.session, device)
    # A new session key for the raised privilege (OWASP Session Management Cheat Sheet,
    # "Renew the Session ID After Any Privilege Level Change").
    request.session.cycle_key()


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of the person's authenticator app."""
    next_url = _next(request)
    if sessions.is_verified(request.session):
        return redirect(next_url)
    if mfa.confirmed_device(request.user) is None:
        return redirect(reverse("people:mfa_enrol") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = mfa.verify_code(
            user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
        )
        if isinstance(found, mfa.Refusal):
            _refusal(form, found)
        else:
            _verified(request, found)
            return redirect(next_url)
    return render(request, "people/mfa_verify.html", {"form": form, "next": next_url})


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its QR code (or the key to type), then one code."""
    user = request.user
    next_url = _next(request)
    if mfa.confirmed_device(user) is not None:
        if not sessions.is_verified(request.session):
            # Another app may be set up only by someone who has given a code of the first.
            return redirect(reverse("people:mfa") + "?" + request.GET.urlencode())
        return render(request, "people/mfa_enrol.html", {"enrolled": True})
    device = mfa.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = mfa.confirm_enrolment(
            device=device, code=form.cleaned_data["code"], ip=client_ip(request)
        )
        if refusal is None:
            _verified(request, device)
            messages.success(request, _("Two-step verification is set up."))
            return redirect(next_url)
        _refusal(form, refusal)
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title=_("QR code for your authenticator app")
    )
    return render(
        request,
        "people/mfa_enrol.html",
        {
            "form": form,
            "next": next_url,
            # segno writes the SVG itself from the device's otpauth:// URL: no user text in it.
            "qr": mark_safe(qr),
            "key": mfa.manual_key(device),
            "required": mfa.needs_second_factor(user),
        },
    )


class PasswordChange(auth.PasswordChangeView):
    template_name = "people/password_change.html"
    success_url = reverse_lazy("people:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_security_event(
            kind=Kind.PASSWORD_CHANGED,
            user=self.request.user,
            ip=client_ip(self.request),
            detail={"via": "change"},
        )
        return response


class PasswordReset(auth.PasswordResetView):
    """The same answer whether or not the address belongs to an account."""

    template_name = "people/password_reset.html"
    form_class = ResetForm
    email_template_name = "people/email/password_reset_body.txt"
    subject_template_name = "people/email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        users = list(form.get_users(email))
        response = super().form_valid(form)
        record_security_event(
            kind=Kind.PASSWORD_RESET_REQUESTED,
            user=users[0] if users else None,
            ip=client_ip(self.request),
            detail={"email": email[:254], "accounts": len(users)},
        )
        return response


class PasswordResetConfirm(auth.PasswordResetConfirmView):
    template_name = "people/password_reset_confirm.html"
    success_url = reverse_lazy("people:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_security_event(
            kind=Kind.PASSWORD_CHANGED,
            user=form.user,
            ip=client_ip(self.request),
            detail={"via": "reset"},
        )
        return response


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer to a sign-in while the username or the address is locked out
    (`AXES_LOCKOUT_CALLABLE`): when to try again, and nothing about the password."""
    minutes = settings.JASYL_LOGIN_COOLOFF_MINUTES
    until = timezone.localtime(timezone.now() + timedelta(minutes=minutes))
    answer = render(
        request, "people/locked_out.html", {"until": until, "minutes": minutes}, status=429
    )
    answer["Retry-After"] = str(minutes * 60)
    return answer


@login_required
def security_events(request: HttpRequest) -> HttpResponse:
    """The security event log, newest first, filtered and paged (auditors and programme
    administrators)."""
    if not can_read_security_events(request.user):
        raise PermissionDenied
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(events_selector(**filters), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/security_events.html",
        {"form": form, "page": page},
    )
