"""A web worker is ready when it has loaded the application: its first visitor does not wait for
the view modules to be imported."""

import os
import subprocess
import sys

from django.conf import settings

LOADED = """
import sys
import jasyl.wsgi
from django.utils import translation
print("jasyl.web.maps.views" in sys.modules, "jasyl.core.tiles.encoding" in sys.modules,
      sorted(translation.trans_real._translations))
"""


def test_loading_the_application_imports_the_views_and_the_catalogues():
    result = subprocess.run(
        [sys.executable, "-c", LOADED],
        cwd=settings.REPO_DIR,
        env={**os.environ, "JASYL_SECRET_KEY": "wsgi-" + "k" * 50},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    views, encoders, catalogues = result.stdout.strip().split(" ", 2)
    assert (views, encoders) == ("True", "True")
    for language in ("kk", "ru", "en"):
        assert f"'{language}'" in catalogues, catalogues
