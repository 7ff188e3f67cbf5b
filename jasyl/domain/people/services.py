"""Writes about accounts: the security event log, roles and account flags.

Every change of a role (`ProgrammeRole`, `AgencyMember`) or of the staff and superuser flags
goes through `save_role`, `revoke_role` or `set_account_flags`, from the admin as from the
commands, so that each one is in the security event log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jasyl.domain.people.models import AgencyMember, ProgrammeRole, SecurityEvent

Kind = SecurityEvent.Kind
Role = ProgrammeRole | AgencyMember
COMMAND_LINE = "command line"


def record_security_event(
    *,
    kind: str,
    user: Any = None,
    username: str = "",
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Write one event of the security log (the only way events are written)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind, user=user, username=username[:150], ip=ip, detail=detail or {}
    )


def _actor(by: Any) -> str:
    return by.get_username() if by is not None else COMMAND_LINE


def describe(role: Role) -> dict[str, str]:
    """A role in the words of the event log: which role, where."""
    if isinstance(role, ProgrammeRole):
        return {"role": role.role, "programme": role.programme.code}
    return {"role": role.role, "agency": role.agency.code}


def save_role(*, role: Role, by: Any = None, ip: str | None = None) -> Role:
    """Grant a role, or save a changed one, and log it (nothing is logged when nothing
    changed)."""
    with transaction.atomic():
        before = type(role).objects.filter(pk=role.pk).first() if role.pk else None
        role.save()
        after = describe(role)
        if before is None:
            record_security_event(
                kind=Kind.ROLE_GRANTED, user=role.user, ip=ip, detail={**after, "by": _actor(by)}
            )
        elif describe(before) != after or before.user_id != role.user_id:
            record_security_event(
                kind=Kind.ROLE_CHANGED,
                user=role.user,
                ip=ip,
                detail={
                    **after,
                    "from": describe(before),
                    "from_user": before.user.get_username(),
                    "by": _actor(by),
                },
            )
    return role


def revoke_role(*, role: Role, by: Any = None, ip: str | None = None) -> None:
    """Take a role away, and log it."""
    with transaction.atomic():
        detail = {**describe(role), "by": _actor(by)}
        user = role.user
        role.delete()
        record_security_event(kind=Kind.ROLE_REVOKED, user=user, ip=ip, detail=detail)


def set_account_flags(
    *, user: Any, is_staff: bool, is_superuser: bool, by: Any = None, ip: str | None = None
) -> list[str]:
    """Give or take away the admin site's staff and superuser flags; each change is logged
    as a role granted or revoked. Returns the flags that changed."""
    wanted = {"is_staff": is_staff, "is_superuser": is_superuser}
    with transaction.atomic():
        stored = get_user_model().objects.select_for_update().get(pk=user.pk)
        changed = [name for name, value in wanted.items() if getattr(stored, name) != value]
        for name in changed:
            setattr(user, name, wanted[name])
        if changed:
            user.save(update_fields=changed)
        for name in changed:
            record_security_event(
                kind=Kind.ROLE_GRANTED if wanted[name] else Kind.ROLE_REVOKED,
                user=user,
                ip=ip,
                detail={"role": name.removeprefix("is_"), "by": _actor(by)},
            )
    return changed
