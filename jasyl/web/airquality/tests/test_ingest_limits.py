"""The ingest upload within limits: the file's size checked before it is read, and the log of
its lines not stored capped at `JASYL_IMPORT_MAX_ERRORS` with how many more, on the page and
from `jasyl ingest-air`."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jasyl.domain.airquality.models import IngestFile
from jasyl.web.airquality.tests.test_views import PAGE, signed_in

HEADER = "location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n"


def bad_lines(count: int) -> bytes:
    line = "900001,9100,T1,2025-01-15T{hour:02}:{minute:02}:00+05:00,43.0,76.0,temperature,C,1\n"
    return (
        HEADER + "".join(line.format(hour=n // 60 % 24, minute=n % 60) for n in range(count))
    ).encode()


def test_the_log_page_lists_the_cap_and_says_how_many_more(team, station, settings):
    settings.JASYL_IMPORT_MAX_ERRORS = 10
    client = signed_in(team, "reviewer")
    response = client.post(PAGE, {"file": SimpleUploadedFile("bad.csv", bad_lines(300))})
    assert IngestFile.objects.get().rejected == 300
    page = client.get(response["Location"]).content.decode()
    assert page.count("unknown parameter “temperature”") == 10
    assert "and 290 more" in page


def test_a_file_over_the_ingest_limit_is_refused_unread(team, station, settings):
    settings.JASYL_INGEST_MAX_BYTES = 100_000
    content = bad_lines(2000)
    response = signed_in(team, "reviewer").post(
        PAGE, {"file": SimpleUploadedFile("big.csv", content)}
    )
    assert response.status_code == 400
    size = round(len(content) / 1_000_000, 1)
    assert f"The file is {size} MB; the limit is 0.1 MB." in response.content.decode()
    assert not IngestFile.objects.exists(), "not even a refused file is logged: it was not read"


def test_the_command_lists_the_cap_and_says_how_many_more(station, settings, tmp_path):
    settings.JASYL_IMPORT_MAX_ERRORS = 5
    path = tmp_path / "bad.csv"
    path.write_bytes(bad_lines(40))
    out = io.StringIO()
    call_command("ingest_air", str(path), "--dry-run", stdout=out)
    printed = out.getvalue()
    assert printed.count("unknown parameter") == 5
    assert "and 35 more" in printed
