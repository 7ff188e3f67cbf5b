"""Reads of exhaust checks: a year's statistics per post and per month, judged against the
limits in force on each check's day. Three queries, however many checks there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from jasyl.domain.airquality import versions
from jasyl.domain.exhaust import assess
from jasyl.domain.exhaust.models import EcoPost, ExhaustCheck
from jasyl.domain.exhaust.reference import FILE, Aspiration, Fuel, Limits, load_limits
from jasyl.domain.roadmap.models import Programme

READINGS = [reading.value for reading in assess.Reading]

LIMITS = versions.ReferenceSet(
    name="exhaust-limits",
    files=(FILE,),
    load=lambda texts: load_limits(text=texts.get(FILE)),
    version_of=lambda limits, file: limits.version,
)
"""The limits file, versioned like the air-quality reference data (registered in `apps.py`)."""


def current_limits() -> Limits:
    """The roadside exhaust limits in force."""
    found: Limits = versions.current(LIMITS.name)
    return found


@dataclass(frozen=True)
class YearStatistics:
    year: int
    years: list[int]
    """The years with checks, latest first."""
    posts: dict[str, EcoPost]
    by_post: list[assess.Stat]
    """The whole year, one per post with checks."""
    by_month: list[assess.Stat]
    """Per post and month."""
    months: list[assess.Stat]
    """All posts, per month."""
    city: assess.Stat


def _local(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 1, 1), timezone.get_default_timezone())


def check_years(programme: Programme) -> list[int]:
    moments = ExhaustCheck.objects.filter(post__programme=programme).datetimes(
        "checked_at", "year", order="DESC"
    )
    return [moment.year for moment in moments]


def judged_checks(
    programme: Programme, year: int, limits: Limits
) -> list[tuple[str, datetime.date, assess.Judgement]]:
    """(post code, Almaty day, judgement) of every check of the year."""
    rows = (
        ExhaustCheck.objects.filter(
            post__programme=programme, checked_at__gte=_local(year), checked_at__lt=_local(year + 1)
        )
        .order_by()
        .values_list("post__code", "checked_at", "fuel", "eco_class", "aspiration", *READINGS)
    )
    judged = []
    for post, moment, fuel, eco_class, aspiration, *values in rows.iterator(chunk_size=2000):
        check = assess.Check(
            fuel=Fuel(fuel),
            eco_class=eco_class,
            aspiration=Aspiration(aspiration) if aspiration else None,
            values=dict(zip(assess.Reading, values, strict=True)),
        )
        day = timezone.localtime(moment).date()
        judged.append((post, day, assess.judge(limits, check, day)))
    return judged


def year_statistics(programme: Programme, year: int | None, limits: Limits) -> YearStatistics:
    """The statistics of `year` (the latest year with checks when None)."""
    years = check_years(programme)
    chosen = year if year is not None else (years[0] if years else timezone.localdate().year)
    judged = judged_checks(programme, chosen, limits)
    by_month = assess.statistics(judged, assess.Period.MONTH)
    by_post = assess.statistics(judged, assess.Period.YEAR)
    starts = sorted({stat.start for stat in by_month})
    months = [assess.total([s for s in by_month if s.start == m], "", m) for m in starts]
    return YearStatistics(
        year=chosen,
        years=years,
        posts={post.code: post for post in EcoPost.objects.filter(programme=programme)},
        by_post=by_post,
        by_month=by_month,
        months=months,
        city=assess.total(by_post, "", datetime.date(chosen, 1, 1)),
    )
