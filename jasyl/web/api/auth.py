"""The API's token authentication: `Authorization: Token <secret>`, checked against the
hashed, expiring, revocable and scoped `people.ApiToken` (docs/security.md).

A read token may only read; a token of one programme may only reach that programme's
addresses. Both refusals are 403, in the security event log with the token's owner. The
person's own permissions (`people.access`) still apply to whatever the token lets through.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from jasyl.domain.people.clients import client_ip
from jasyl.domain.people.models import ApiToken
from jasyl.domain.people.services import Kind, record_security_event
from jasyl.domain.people.tokens import note_use, token_for_secret


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Token <secret>”.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = token_for_secret(secret)
        now = timezone.now()
        if token is None or not token.usable_at(now) or not token.owner.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        self._check_scope(request, token)
        note_use(token, now)
        return token.owner, token

    def _check_scope(self, request: Request, token: ApiToken) -> None:
        wanted = (request.parser_context or {}).get("kwargs", {}).get("programme")
        if token.scope != ApiToken.Scope.WRITE and request.method not in SAFE_METHODS:
            code, reason = "scope", _("This token may only read.")
        elif token.programme is not None and wanted and wanted != token.programme.code:
            code = "programme"
            reason = _("This token is for the programme “%(code)s” only.") % {
                "code": token.programme.code
            }
        else:
            return
        record_security_event(
            kind=Kind.PERMISSION_DENIED,
            user=token.owner,
            ip=client_ip(request),
            detail={
                "method": request.method,
                "path": request.path[:500],
                "token": token.prefix,
                "reason": code,
            },
        )
        # Written here with the owner; the middleware's own entry would not know who it was.
        request._request.jasyl_denial_logged = True  # type: ignore[attr-defined]
        raise exceptions.PermissionDenied(reason)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI schema and the Swagger UI, as drf-spectacular documents DRF's
    own token authentication."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A token from `jasyl api-token`, sent as "Token <secret>".',
        }
