from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from jasyl.web.maps.views import tile
from jasyl.web.ops.views import healthz, metrics, readyz
from jasyl.web.portal.views import datapackage_file, datapackage_zip
from jasyl.web.roadmap.views import root

urlpatterns: list[URLPattern | URLResolver] = [
    path("", root, name="root"),
    # Open data: stable URLs, the same in every language.
    path("opendata/<slug:programme>/datapackage.zip", datapackage_zip, name="datapackage"),
    path("opendata/<slug:programme>/<str:path>", datapackage_file, name="datapackage_file"),
    # The API lives outside the language prefixes: its addresses do not change with the language.
    path("api/v1/", include("jasyl.web.api.urls")),
    # Map tiles (jasyl.core.tiles): the same in every language, cached by browsers and proxies.
    path("tiles/<slug:layer>/<int:z>/<int:x>/<int:y>.pbf", tile, name="tile"),
    # Probes and Prometheus (docs/deployment.md): fixed addresses, outside the languages.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]
urlpatterns += i18n_patterns(
    # JASYL_ADMIN_PATH: the admin site need not answer where every scanner looks for it.
    path(settings.JASYL_ADMIN_PATH, admin.site.urls),
    path("", include("jasyl.web.portal.urls")),
    path("", include("jasyl.web.roadmap.urls")),
    path("", include("jasyl.web.agencies.urls")),
    path("", include("jasyl.web.people.urls")),
    path("", include("jasyl.web.reporting.urls")),
    path("", include("jasyl.web.indicators.urls")),
    path("", include("jasyl.web.reports.urls")),
    path("", include("jasyl.web.airquality.urls")),
    path("", include("jasyl.web.exhaust.urls")),
    path("", include("jasyl.web.imports.urls")),
    path("", include("jasyl.web.maps.urls")),
    path("", include("jasyl.web.greenfund.urls")),
    path("", include("jasyl.web.charging.urls")),
    path("", include("jasyl.web.waste.urls")),
    path("", include("jasyl.web.water.urls")),
    path("", include("jasyl.web.lez.urls")),
    path("", include("jasyl.web.search.urls")),
)
