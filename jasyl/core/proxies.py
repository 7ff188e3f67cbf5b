"""Where a request comes from: the socket's peer, or, behind a reverse proxy listed in
`JASYL_TRUSTED_PROXIES`, the client that proxy saw.

`X-Forwarded-For` is believed only as far as trusted proxies wrote it: read from the right, the
first address that is not a trusted proxy is the client. A client can put anything at the left
of the header, never at the right (OWASP, "Logging Cheat Sheet" and MDN, "X-Forwarded-For":
<https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Forwarded-For#security_and_privacy_concerns>).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """`127.0.0.1`, `10.0.0.0/8`, `::1` ... as networks (a bad entry stops the start)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def within(ip: Address | None, entries: Iterable[str]) -> bool:
    return ip is not None and any(ip in network for network in networks(tuple(entries)))


def from_trusted_proxy(request: HttpRequest) -> bool:
    return within(address(request.META.get("REMOTE_ADDR", "")), settings.JASYL_TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> Address | None:
    """The client's address; None when a trusted proxy forwarded something that is not one."""
    peer = address(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not within(peer, settings.JASYL_TRUSTED_PROXIES):
        return peer
    hops = [address(hop) for hop in forwarded.split(",")]
    for hop in reversed(hops):
        if not within(hop, settings.JASYL_TRUSTED_PROXIES):
            return hop
    return hops[0]
