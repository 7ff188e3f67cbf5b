"""The open data package is built by a background job, once per edition: until it is ready
every file of it answers 202 with the "being prepared" page, and one job builds them all."""

from __future__ import annotations

import zipfile
from io import BytesIO

from django_tasks_db.models import DBTaskResult

from jasyl.testing.jobs import run_worker

ZIP = "/opendata/green-almaty/datapackage.zip"
FILES = "/opendata/green-almaty/"


def test_the_package_is_prepared_once_by_the_worker(client, roadmap, database_jobs):
    for url in (ZIP, FILES + "datapackage.json", FILES + "plan.csv", ZIP + "?x=1"):
        waiting = client.get(url)
        assert waiting.status_code == 202 and waiting["Retry-After"] == "5"
    assert DBTaskResult.objects.count() == 1
    run_worker()
    package = client.get(ZIP)
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    with zipfile.ZipFile(BytesIO(package.content)) as archive:
        assert archive.read("plan.csv") == client.get(FILES + "plan.csv").content
    assert client.get(FILES + "nothing.csv").status_code == 404
    assert package["Last-Modified"] == client.get(FILES + "plan.csv")["Last-Modified"]
