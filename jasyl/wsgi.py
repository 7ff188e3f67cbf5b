"""The WSGI application that gunicorn's workers serve (`jasyl.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jasyl.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Load now what Django loads on a worker's first request: the URLconf, which imports every
    view module (the pages, the API, the tile encoders), and each language's catalogue. Left to
    the first request, a worker's first visitor waited about a second on a 2-core machine (a
    zoom-10 tile: 0.9 s against 36 ms the next time; benchmarks/README.md, "The green fund at
    city scale"), and gunicorn starts workers afresh after `max_requests`."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (the property imports the URLconf)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Map")


warm_up()
