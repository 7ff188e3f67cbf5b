"""Accounts and roles are managed in Django's admin by the programme administrator.

Role changes and the staff and superuser flags go through `people.services`, so each is in the
security event log; the log itself and the API tokens are read-only here (a token can be
revoked, not edited).
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jasyl.domain.people.clients import client_ip
from jasyl.domain.people.models import (
    AgencyMember,
    ApiToken,
    ContactPerson,
    Profile,
    ProgrammeRole,
    SecurityEvent,
)
from jasyl.domain.people.services import revoke_role, save_role, set_account_flags
from jasyl.domain.people.tokens import revoke_api_token


class RoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saving and deleting a role go through the services that log them."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_role(role=obj, by=request.user, ip=client_ip(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        revoke_role(role=obj, by=request.user, ip=client_ip(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for role in queryset:
            revoke_role(role=role, by=request.user, ip=client_ip(request))


@admin.register(ProgrammeRole)
class ProgrammeRoleAdmin(RoleAdmin):
    list_display = ["user", "programme", "role"]
    list_filter = ["programme", "role"]


@admin.register(AgencyMember)
class AgencyMemberAdmin(RoleAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["activity", "user", "position"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "language", "position", "phone"]


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip"]
    list_filter = ["kind"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"


@admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
def revoke_tokens(admin: Any, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    revoked = sum(
        revoke_api_token(token=token, by=request.user, ip=client_ip(request))
        for token in queryset.select_related("owner")
    )
    admin.message_user(
        request,
        ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", revoked) % {"n": revoked},
        messages.SUCCESS,
    )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued with `jasyl api-token` (the secret is shown once, there)."""

    list_display = [
        "prefix",
        "owner",
        "name",
        "scope",
        "programme",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "programme"]
    search_fields = ["prefix", "owner__username", "name"]
    exclude = ["key_hash"]
    actions = [revoke_tokens]

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("people.change_apitoken")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, with the staff and superuser flags set through the service that
    logs them."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        wanted = (obj.is_staff, obj.is_superuser)
        stored = User.objects.filter(pk=obj.pk).values_list("is_staff", "is_superuser").first()
        obj.is_staff, obj.is_superuser = stored or (False, False)
        super().save_model(request, obj, form, change)
        set_account_flags(
            user=obj,
            is_staff=wanted[0],
            is_superuser=wanted[1],
            by=request.user,
            ip=client_ip(request),
        )
