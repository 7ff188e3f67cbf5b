"""The account pages' forms: the code of the second factor, the password reset e-mail in the
person's own language, and the filters of the security event log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jasyl.domain.people.models import Profile, SecurityEvent


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def language_of(user: Any) -> str:
    try:
        return str(user.profile.language)
    except Profile.DoesNotExist:
        return str(settings.LANGUAGE_CODE)


class ResetForm(PasswordResetForm):
    """Django's reset form, whose e-mail is written in the person's language (`Profile`) and
    links to `JASYL_SITE_URL`, never to the Host header of the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(language_of(context["user"])):
            path = reverse(
                "people:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
            context = {
                **context,
                "reset_url": settings.JASYL_SITE_URL + path,
                "site_url": settings.JASYL_SITE_URL,
            }
            subject = " ".join(render_to_string(subject_template_name, context).split())
            body = render_to_string(email_template_name, context)
        EmailMessage(subject, body, from_email, [to_email]).send()


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events")), *SecurityEvent.Kind.choices],
    )
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    ip = forms.GenericIPAddressField(label=_("Client address"), required=False)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
