"""API tokens: issued with a scope and an expiry, stored as a SHA-256 hash, revoked by prefix.

The secret is 64 hex digits, 256 bits from `secrets` (no dictionary to try), so one fast hash
is enough to keep a copy of the database from being a list of working tokens; the password
hashers, made slow on purpose, are for secrets people choose.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jasyl.domain.people.models import ApiToken
from jasyl.domain.people.services import Kind, record_security_event
from jasyl.domain.roadmap.models import Programme

PREFIX_LENGTH = 8
# `last_used_at` is written at most this often, so that reading the API does not always write.
USE_GRANULARITY = timedelta(seconds=60)


class TokenError(Exception):
    """A token cannot be issued or revoked as asked."""


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_api_token(
    *,
    owner: Any,
    scope: str = ApiToken.Scope.READ,
    programme: Programme | None = None,
    days: int | None = None,
    name: str = "",
    by: Any = None,
    ip: str | None = None,
) -> Issued:
    """A new token for `owner`; the secret is in the answer and nowhere else."""
    if not owner.is_active:
        raise TokenError(f"The account {owner.get_username()!r} is not active.")
    if scope not in ApiToken.Scope.values:
        raise TokenError(f"Unknown scope {scope!r}: read or write.")
    days = settings.JASYL_API_TOKEN_DAYS if days is None else days
    if days < 1:
        raise TokenError("A token lasts at least one day.")
    now = timezone.now()
    for _attempt in range(5):
        secret = secrets.token_hex(32)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    owner=owner,
                    name=name,
                    prefix=secret[:PREFIX_LENGTH],
                    key_hash=hash_secret(secret),
                    programme=programme,
                    scope=scope,
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
                record_security_event(
                    kind=Kind.TOKEN_ISSUED,
                    user=owner,
                    ip=ip,
                    detail={
                        "prefix": token.prefix,
                        "scope": scope,
                        "programme": programme.code if programme else None,
                        "expires_at": token.expires_at.isoformat(),
                        "by": by.get_username() if by is not None else "command line",
                    },
                )
        except IntegrityError:  # the same prefix twice: draw again
            continue
        return Issued(token=token, secret=secret)
    raise TokenError("Could not draw a new token; try again.")


def revoke_api_token(*, token: ApiToken, by: Any = None, ip: str | None = None) -> bool:
    """Stop a token from working; False when it was already revoked."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            token.refresh_from_db(fields=["revoked_at"])
            record_security_event(
                kind=Kind.TOKEN_REVOKED,
                user=token.owner,
                ip=ip,
                detail={
                    "prefix": token.prefix,
                    "by": by.get_username() if by is not None else "command line",
                },
            )
    return bool(revoked)


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, with its owner and programme (one query), usable or not."""
    return (
        ApiToken.objects.select_related("owner", "programme")
        .filter(key_hash=hash_secret(secret))
        .first()
    )


def note_use(token: ApiToken, now: datetime) -> None:
    """Remember when the token was last used (at most once a minute)."""
    if token.last_used_at is None or now - token.last_used_at >= USE_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
