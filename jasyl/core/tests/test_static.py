"""`collectstatic` with the production storage (hashed, compressed file names) must succeed:
`./dev run` and every deployment run it, and a vendored file that names a missing one (a
source map, an image) stops it."""

import pytest
from django.core.management import call_command
from django.test import override_settings

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once


def test_collectstatic_with_the_production_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    collected = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert "staticfiles.json" in collected
    assert "vendor/leaflet-1.9.4/leaflet.js" in collected
    assert "jasyl/jasyl.css" in collected
