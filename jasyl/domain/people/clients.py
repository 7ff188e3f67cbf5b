"""The address of the client that made a request, as text, for the security event log and for
the sign-in throttling (django-axes calls `client_ip` through `AXES_CLIENT_IP_CALLABLE`).

The rule is the site's one rule, `core.proxies.client_address`: `X-Forwarded-For` is read only
as far as the reverse proxies of `JASYL_TRUSTED_PROXIES` wrote it.
"""

from __future__ import annotations

from typing import Any

from jasyl.core.proxies import client_address


def client_ip(request: Any) -> str | None:
    found = client_address(request) if hasattr(request, "META") else None
    return str(found) if found is not None else None
