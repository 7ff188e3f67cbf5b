"""Accounts and roles are managed in Django's admin by the programme administrator."""

from django.contrib import admin

from jasyl.domain.people.models import AgencyMember, ContactPerson, Profile, ProgrammeRole


@admin.register(ProgrammeRole)
class ProgrammeRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "programme", "role"]
    list_filter = ["programme", "role"]


@admin.register(AgencyMember)
class AgencyMemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["activity", "user", "position"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "language", "position", "phone"]
