"""An indicator's values by district: the breakdown (sums worked by hand) and the section of the
indicator's page, present only where there are district values."""

import datetime
import re
from decimal import Decimal

import pytest

from jasyl.domain.agencies.models import Agency
from jasyl.domain.indicators.districts import breakdown
from jasyl.domain.indicators.models import Indicator, Observation
from jasyl.domain.indicators.selectors import Value
from jasyl.domain.indicators.services import sync_indicators
from jasyl.testing.reports import observe

SITES = "10.2:container_sites_modernised_or_built"
URL = "/{language}/programmes/green-almaty/indicators/" + SITES + "/"
ALATAU = "Алатау ауданының әкімдігі"
AUEZOV = "Әуезов ауданының әкімдігі"
DAY = datetime.date(2023, 12, 31)
EARLIER = datetime.date(2022, 12, 31)


def value(on: datetime.date, amount: int, district: str | None = None) -> Value:
    return Value(on, Decimal(amount), "count", district, district_name=district and district[:6])


def test_the_latest_date_with_district_values_and_its_sum() -> None:
    found = breakdown(
        [value(EARLIER, 40, ALATAU), value(DAY, 70, ALATAU), value(DAY, 110, AUEZOV)],
        [value(DAY, 200)],
    )
    assert found is not None and found.on == DAY
    assert [(d.code, d.value) for d in found.latest] == [(ALATAU, 70), (AUEZOV, 110)]
    # 70 + 110 = 180 against 200 city-wide: 180 - 200 = -20.
    assert (found.total, found.city, found.difference, found.equal) == (180, 200, -20, False)
    # Over time: Alatau 40 then 70; Auezov has no 2022 value (None, not 0).
    assert found.dates == [EARLIER, DAY]
    assert [(r.code, r.values) for r in found.rows] == [(ALATAU, [40, 70]), (AUEZOV, [None, 110])]


def test_a_sum_equal_to_the_city_and_a_date_without_a_city_value() -> None:
    equal = breakdown([value(DAY, 70, ALATAU), value(DAY, 130, AUEZOV)], [value(DAY, 200)])
    # 70 + 130 = 200.
    assert equal is not None and equal.equal and equal.difference == 0
    alone = breakdown([value(DAY, 70, ALATAU)], [value(EARLIER, 200)])
    assert alone is not None and (alone.city, alone.difference, alone.equal) == (None, None, False)


def test_no_district_values_no_breakdown() -> None:
    assert breakdown([], [value(DAY, 200)]) is None


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def observe_district(code: str, on: datetime.date, amount: int, district: str) -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        observed_on=on,
        value=Decimal(amount),
        source="district akimat",
        district=Agency.objects.get(code=district),
    )


def cells(page: str, table_id: str) -> list[list[str]]:
    """The rows of a table as a reader sees them."""
    table = page[page.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


@pytest.mark.parametrize(
    ("language", "heading", "alatau", "total", "differs"),
    [
        ("kk", "Аудандар бойынша", "Алатау ауданының әкімдігі", "1\xa0180", "20"),
        ("ru", "По районам", "Акимат Алатауского района", "1\xa0180", "20"),
        ("en", "By district", "Akimat of Alatau district", "1,180", "20"),
    ],
)
def test_the_page_breaks_the_latest_values_down_by_district(
    client, registry, language, heading, alatau, total, differs
) -> None:
    observe_district(SITES, EARLIER, 30, ALATAU)
    observe_district(SITES, DAY, 1070, ALATAU)
    observe_district(SITES, DAY, 110, AUEZOV)
    observe(SITES, 2023, 1200)
    page = client.get(URL.format(language=language)).content.decode()
    assert f'<h2 id="districts">{heading}</h2>' in page
    latest = cells(page, "district-latest")
    assert [alatau, {"en": "1,070"}.get(language, "1\xa0070")] in latest
    # 1 070 + 110 = 1 180, against 1 200 city-wide: differs by -20.
    assert latest[-2][1] == total
    assert latest[-1][1] == {"en": "1,200"}.get(language, "1\xa0200")
    assert f"-{differs}" in page.split('id="district-latest"')[1].split("</p>")[0]
    history = cells(page, "district-history")
    assert history[1][0] == alatau and history[1][1:] == [
        "30",
        {"en": "1,070"}.get(language, "1\xa0070"),
    ]
    assert history[2][1] == "—"
    svg = re.search(r'<svg class="bars".*?</svg>', page, re.S).group(0)
    assert svg.count('<rect class="bar"') == 2
    numbers = re.findall(r' (?:x|y|width|height)="([^"]*)"', svg)
    assert all(re.fullmatch(r"\d+(\.\d+)?", n) for n in numbers), numbers


def test_the_english_page_says_when_the_sum_equals_the_city(client, registry) -> None:
    observe_district(SITES, DAY, 70, ALATAU)
    observe_district(SITES, DAY, 130, AUEZOV)
    observe(SITES, 2023, 200)
    page = client.get(URL.format(language="en")).content.decode()
    assert "The sum of the districts equals the city-wide value." in page


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_district_values_no_section(client, registry, language) -> None:
    observe(SITES, 2023, 200)
    page = client.get(URL.format(language=language)).content.decode()
    assert 'id="districts"' not in page and 'class="bars"' not in page


def test_the_sample_data_show_the_districts(client, registry) -> None:
    from jasyl.samples.indicators import generate_observations

    generate_observations(registry)
    assert 'id="districts"' not in client.get(URL.format(language="en")).content.decode()
    page = client.get(URL.format(language="en") + "?data=sample").content.decode()
    assert "The sum of the districts equals the city-wide value." in page
    assert len(cells(page, "district-latest")) == 1 + 4 + 2


def test_the_indicator_page_reads_in_a_fixed_number_of_queries(
    client, registry, django_assert_num_queries
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    observe(SITES, 2022, 100)
    url = URL.format(language="en")
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for year in range(2023, 2026):
        observe(SITES, year, 300)
        for district in (ALATAU, AUEZOV):
            observe_district(SITES, datetime.date(year, 12, 31), 150, district)
    cache.clear()
    with django_assert_num_queries(len(first)):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
