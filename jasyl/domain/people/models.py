"""Who may do what: programme roles, agency members and the contact persons of activities;
the security event log and the API tokens.

The permission rules themselves are in `people/access.py`; these tables only record who holds
which role.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.domain.agencies.models import Agency
from jasyl.domain.roadmap.models import Activity, Programme


class Profile(models.Model):
    """What the system needs to know of an account besides Django's user: the language of the
    e-mails it is sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    language = models.CharField(
        verbose_name=_("language of e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="kk",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class ProgrammeRole(models.Model):
    """A role in the programme office, or the auditor's read-everything role."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Programme administrator")
        REVIEWER = "reviewer", _("Programme reviewer")
        AUDITOR = "auditor", _("Auditor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="programme_roles",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(verbose_name=_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        ordering = ["programme", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="unique_programme_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.programme_id}"


class AgencyMember(models.Model):
    """A person working for an executing agency, with one role there."""

    class Role(models.TextChoices):
        HEAD = "head", _("Agency head")
        EDITOR = "editor", _("Agency editor")
        VIEWER = "viewer", _("Agency viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="members"
    )
    role = models.CharField(verbose_name=_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("agency member")
        verbose_name_plural = _("agency members")
        ordering = ["agency", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="unique_agency_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.agency_id}"


class ContactPerson(models.Model):
    """A named person answering for an activity's reports; reminders go to them first."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="contact_for",
    )
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="unique_contact_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.activity_id}"


class SecurityEvent(models.Model):
    """One thing that happened to an account or its access, written once and never changed:
    sign-ins and their failures, lockouts, refusals, role and token changes (docs/security.md).

    `user` is the account the event is about when it is known; `username` keeps the name that
    was given (also for names that match no account, and after an account is deleted)."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out")
        SIGNED_OUT = "signed_out", _("Signed out")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_CHANGED = "role_changed", _("Role changed")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        MFA_ENROLLED = "mfa_enrolled", _("Two-step verification set up")
        MFA_FAILED = "mfa_failed", _("Verification code refused")

    at = models.DateTimeField(verbose_name=_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(verbose_name=_("event"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        # The username column keeps the record readable after an account is deleted.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    username = models.CharField(verbose_name=_("username given"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(verbose_name=_("client address"), null=True, blank=True)
    detail = models.JSONField(verbose_name=_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "at"], name="security_event_kind_at"),
            models.Index(fields=["username", "at"], name="security_event_username_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Security events are written once and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Security events are never deleted.")


class ApiToken(models.Model):
    """A secret for the REST API, stored only as its SHA-256 hash, with an owner, a scope, an
    expiry and a revocation (docs/security.md). The secret itself is shown once, when issued."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(verbose_name=_("name"), max_length=100, blank=True)
    prefix = models.CharField(verbose_name=_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(verbose_name=_("SHA-256 hash"), max_length=64, unique=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        help_text=_("Empty: every programme."),
    )
    scope = models.CharField(
        verbose_name=_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ
    )
    created_at = models.DateTimeField(verbose_name=_("created"), default=timezone.now)
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    last_used_at = models.DateTimeField(verbose_name=_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(verbose_name=_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.owner})"

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at
