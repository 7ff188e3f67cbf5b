"""Reads about accounts: the security event log as its page lists it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from jasyl.domain.people.models import SecurityEvent


def security_events(
    *,
    kind: str = "",
    username: str = "",
    ip: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[SecurityEvent]:
    """Events, newest first, filtered by kind, username (exact, any case), client address and
    days (both ends included, in the site's time zone)."""
    events = SecurityEvent.objects.order_by("-at", "-pk")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__iexact=username)
    if ip:
        events = events.filter(ip=ip)
    if since:
        events = events.filter(at__gte=_start_of(since))
    if until:
        events = events.filter(at__lt=_start_of(until + timedelta(days=1)))
    return events


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
