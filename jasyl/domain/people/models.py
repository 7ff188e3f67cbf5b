"""Who may do what: programme roles, agency members and the contact persons of activities.

The permission rules themselves are in `people/access.py`; these tables only record who holds
which role.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
