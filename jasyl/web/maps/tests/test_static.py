"""MapLibre's files through `collectstatic` and the production storage (hashed names): the page
names the hashed library, worker and the maps' shared script, all are served, and the library
and worker were not rewritten."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.once

PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "maplibre-gl-6.20.0"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The project's own static files collected (jasyl/core/tests/test_static.py collects every
    app's); the apps' (the admin's, the Swagger UI's) are not needed by the map page."""
    root = tmp_path_factory.mktemp("build") / "static"
    own = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION, STATICFILES_FINDERS=own):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.mark.django_db
def test_the_map_names_the_collected_library_and_worker_and_both_are_served(client, collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION):
        page = client.get("/en/map/").content.decode()
        found = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page)
        given = json.loads(found.group(1))
        hashed = r"/static/vendor/maplibre-gl-6\.20\.0/maplibre-gl{}\.[0-9a-f]{{12}}\.mjs"
        assert re.fullmatch(hashed.format(""), given["library"])
        assert re.fullmatch(hashed.format("-worker"), given["worker"])
        assert re.search(r'src="/static/jasyl/map\.[0-9a-f]{12}\.js"', page)
        # The maps' shared script too, which map.js imports by the address it is given.
        assert re.fullmatch(r"/static/jasyl/maplibre-setup\.[0-9a-f]{12}\.js", given["setup"])
        assert client.get(given["setup"]).status_code == 200
        for url, name in ((given["library"], "maplibre-gl.mjs"),
                          (given["worker"], "maplibre-gl-worker.mjs")):  # fmt: skip
            served = client.get(url)
            assert served.status_code == 200
            # A module script is only run with a JavaScript media type (HTML, "module script").
            assert served["Content-Type"].startswith("text/javascript")
            assert b"".join(served.streaming_content) == (VENDOR / name).read_bytes()
