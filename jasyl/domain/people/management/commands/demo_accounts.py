"""`jasyl demo-accounts`: one demonstration account per role, to show the system around.

Running it again brings the accounts back to what is described here (roles, profile, e-mail)
without changing anything that is already so; the password is set only where it differs. Role
and flag changes are in the security event log, as from the admin.
"""

import os
from argparse import ArgumentParser
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.models import AgencyMember, ContactPerson, Profile, ProgrammeRole
from jasyl.domain.people.services import revoke_role, save_role, set_account_flags
from jasyl.domain.roadmap.models import Programme

PASSWORD_VARIABLE = "JASYL_DEMO_PASSWORD"
EMAIL_DOMAIN = "jasyl.example"
LEAD = "ЭжҚОБ"
DISTRICTS = "Аудан әкімдіктері"


@dataclass(frozen=True)
class Account:
    """A demonstration account and everything it holds in the programme."""

    username: str
    language: str = "kk"
    programme_role: str | None = None
    agency: str | None = None
    agency_role: str | None = None
    # Activities it is the contact person of.
    contact_for: tuple[str, ...] = ()
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"

    @property
    def roles(self) -> str:
        """Its roles in plain words, for the command's listing."""
        roles = []
        if self.programme_role:
            roles.append(f"programme {self.programme_role}")
        if self.agency:
            roles.append(f"{self.agency_role} of {self.agency}")
        if self.contact_for:
            roles.append(f"contact person of {', '.join(self.contact_for)}")
        if self.superuser:
            roles.append("Django superuser")
        return "; ".join(roles)


ACCOUNTS = (
    Account("admin", programme_role=ProgrammeRole.Role.ADMINISTRATOR, superuser=True),
    Account("reviewer", language="ru", programme_role=ProgrammeRole.Role.REVIEWER),
    Account("auditor", language="en", programme_role=ProgrammeRole.Role.AUDITOR),
    Account("head", agency=LEAD, agency_role=AgencyMember.Role.HEAD),
    Account(
        "editor", agency=LEAD, agency_role=AgencyMember.Role.EDITOR, contact_for=("2.2", "2.3")
    ),
    Account("viewer", agency=LEAD, agency_role=AgencyMember.Role.VIEWER),
    Account("district", agency=DISTRICTS, agency_role=AgencyMember.Role.EDITOR),
)


class Command(BaseCommand):
    help = (
        "Create or update one demonstration account per role (admin, reviewer, auditor, head, "
        f"editor, viewer, district). The password is --password or ${PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default="green-almaty", help="programme code")
        parser.add_argument(
            "--password", help=f"the accounts' password (default: ${PASSWORD_VARIABLE})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = demo_password(options["password"])
        code = options["programme"]
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise CommandError(f"No programme “{code}”: load it first (jasyl load-roadmap).")
        with transaction.atomic():
            for account in ACCOUNTS:
                set_up(account, programme, password)
        for account in ACCOUNTS:
            self.stdout.write(f"{account.username:<9} {account.email:<22} {account.roles}")


def demo_password(given: str | None) -> str:
    """The password asked for, else the environment's; refused when missing or when the
    password rules (AUTH_PASSWORD_VALIDATORS) refuse it for any of the accounts, its name and
    e-mail included (demonstration sites are public too)."""
    password = given or os.environ.get(PASSWORD_VARIABLE, "")
    if not password:
        raise CommandError(f"Give the accounts' password: --password or ${PASSWORD_VARIABLE}.")
    for account in ACCOUNTS:
        try:
            validate_password(
                password, get_user_model()(username=account.username, email=account.email)
            )
        except ValidationError as exc:
            raise CommandError("The password is too weak: " + " ".join(exc.messages)) from exc
    return password


def set_up(account: Account, programme: Programme, password: str) -> Any:
    """Create the account or bring it back to its description, changing only what differs."""
    user, created = get_user_model().objects.get_or_create(username=account.username)
    wanted = {"email": account.email, "is_active": True}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if created or not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    set_account_flags(user=user, is_staff=account.superuser, is_superuser=account.superuser)
    Profile.objects.update_or_create(user=user, defaults={"language": account.language})
    _set_programme_role(user, programme, account.programme_role)
    _set_membership(user, account)
    _set_contacts(user, programme, account.contact_for)
    return user


def _set_programme_role(user: Any, programme: Programme, role: str | None) -> None:
    """Exactly the account's role in this programme (none for agency staff); each change
    through the services that log it."""
    for other in programme.roles.filter(user=user).exclude(role=role or ""):
        revoke_role(role=other)
    if (
        role
        and not ProgrammeRole.objects.filter(user=user, programme=programme, role=role).exists()
    ):
        save_role(role=ProgrammeRole(user=user, programme=programme, role=role))


def _set_membership(user: Any, account: Account) -> None:
    """Exactly the account's agency membership (none for the programme office)."""
    memberships = AgencyMember.objects.filter(user=user).select_related("agency")
    if account.agency is not None:
        memberships = memberships.exclude(agency__code=account.agency)
    for other in memberships:
        revoke_role(role=other)
    if account.agency is None:
        return
    agency = Agency.objects.get(code=account.agency)
    member = AgencyMember.objects.filter(user=user, agency=agency).first()
    if member is None:
        member = AgencyMember(user=user, agency=agency)
    if member.pk is None or member.role != account.agency_role:
        member.role = account.agency_role or AgencyMember.Role.VIEWER
        save_role(role=member)


def _set_contacts(user: Any, programme: Programme, activities: tuple[str, ...]) -> None:
    """Exactly the activities of this programme the account answers for, each added after
    the contact persons the activity already has."""
    contacts = ContactPerson.objects.filter(user=user, activity__programme=programme)
    contacts.exclude(activity__code__in=activities).delete()
    for activity in programme.activities.filter(code__in=activities):
        ContactPerson.objects.get_or_create(
            activity=activity, user=user, defaults={"position": activity.contacts.count()}
        )
