"""Static files: `collectstatic` with the production storage (hashed, compressed file names)
must succeed, since `./dev run` and every deployment run it and a vendored file that names a
missing one (a source map, an image) stops it; and the files are built beside the code, not in
the data folder, so an instance whose data folder is fresh (a restore, a new machine) serves its
pages at once. One collection serves every test here: it is the slow part."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

# The same in SQLite and PostgreSQL: .ci/run runs it once. One test process takes the whole
# module (`./dev test` distributes by group), so the collection is made once, not per process.
pytestmark = [pytest.mark.once, pytest.mark.xdist_group("collectstatic")]

PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("build") / "static"
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def test_collectstatic_with_the_production_storage(collected):
    files = {p.relative_to(collected).as_posix() for p in collected.rglob("*")}
    assert "staticfiles.json" in files
    assert "vendor/maplibre-gl-6.20.0/maplibre-gl.mjs" in files
    assert "jasyl/maplibre-setup.js" in files
    assert "jasyl/jasyl.css" in files


def test_the_static_root_is_outside_a_fresh_data_folder(tmp_path):
    fresh = tmp_path / "data"
    env = {
        **{k: v for k, v in os.environ.items() if k != "JASYL_STATIC_ROOT"},
        "JASYL_DATA_DIR": str(fresh),
        "JASYL_SECRET_KEY": "static-test-" + "k" * 50,
    }
    script = (
        "import django; django.setup(); "
        "from django.conf import settings; print(settings.STATIC_ROOT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    static_root = Path(result.stdout.strip())
    assert not static_root.is_relative_to(fresh)
    assert static_root.name == "static" and static_root.parent.name == "build"
    assert not (fresh / "static").exists()


def test_a_fresh_data_folder_serves_the_dashboard_with_collected_static_files(
    client, roadmap, tmp_path, settings, collected
):
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION):
        page = client.get("/kk/")
        assert page.status_code == 200
        stylesheet = re.search(r'href="(/static/jasyl/jasyl\.[0-9a-f]{12}\.css)"', page.text)
        assert stylesheet, "the page names the hashed stylesheet of the manifest"
        assert client.get(stylesheet.group(1)).status_code == 200
