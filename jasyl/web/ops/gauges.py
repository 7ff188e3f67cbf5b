"""A few gauges of the domain for /metrics, each one cheap query at scrape time."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import DatabaseError, connection
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from jasyl.core.health import task_results
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.roadmap.models import Programme


class DomainGauges:
    """Programmes, reports by state, and the task queue when django-tasks keeps it in the
    database. A database that does not answer gives `jasyl_database_up 0`, not a failed scrape:
    the request metrics matter most then."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("jasyl_database_up", "1 when the database answered the scrape.")
        try:
            families = list(self._from_database())
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _from_database(self) -> Iterator[Metric]:
        programmes = GaugeMetricFamily("jasyl_programmes", "Programmes loaded.")
        programmes.add_metric([], Programme.objects.count())
        yield programmes
        reports = GaugeMetricFamily(
            "jasyl_reports",
            "Progress reports by workflow state; sample marks demonstration data.",
            labels=["state", "sample"],
        )
        rows = ProgressReport.objects.values("state", "period__sample").annotate(n=Count("id"))
        for row in rows.order_by("state", "period__sample"):
            reports.add_metric([row["state"], str(row["period__sample"]).lower()], row["n"])
        yield reports
        model = task_results()
        if model is not None and model._meta.db_table in connection.introspection.table_names():
            tasks = GaugeMetricFamily(
                "jasyl_tasks",
                "Background jobs by status (READY: queued, not yet started).",
                labels=["status"],
            )
            for row in model._base_manager.values("status").annotate(n=Count("pk")).order_by():
                tasks.add_metric([row["status"]], row["n"])
            yield tasks
