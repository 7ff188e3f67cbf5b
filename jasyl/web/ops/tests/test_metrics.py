"""/metrics: requests counted by view and status, the domain's gauges, and who may read them."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from jasyl.testing.reports import approved_reports

OUTSIDE = "203.0.113.9"


def samples(response) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def requests_of(metrics, view: str, status: str) -> float:
    key = frozenset({"view": view, "method": "GET", "status": status}.items())
    return metrics.get(("jasyl_http_requests_total", key), 0.0)


def test_requests_are_counted_and_timed_by_view_and_status_never_by_path(client, roadmap):
    before = samples(client.get("/metrics"))
    client.get("/kk/")
    client.get("/kk/")
    client.get("/kk/no-such-page-for-metrics/")
    response = client.get("/metrics")
    after = samples(response)
    assert requests_of(after, "portal:home", "200") - requests_of(before, "portal:home", "200") == 2
    assert requests_of(after, "unresolved", "404") - requests_of(before, "unresolved", "404") == 1
    timed = frozenset({"view": "portal:home", "status": "200"}.items())
    assert after[("jasyl_http_request_duration_seconds_count", timed)] >= 2
    assert b"no-such-page-for-metrics" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_the_domain_gauges_count_programmes_and_reports_by_state(client, roadmap):
    approved_reports(roadmap, ["2.2", "1.1"])
    approved_reports(roadmap, ["2.2"], year=2024, sample=True)
    metrics = samples(client.get("/metrics"))
    assert metrics[("jasyl_database_up", frozenset())] == 1
    assert metrics[("jasyl_programmes", frozenset())] == 1
    official = frozenset({"state": "approved", "sample": "false"}.items())
    sample = frozenset({"state": "approved", "sample": "true"}.items())
    assert metrics[("jasyl_reports", official)] == 2
    assert metrics[("jasyl_reports", sample)] == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": OUTSIDE},
        # Through the local proxy (trusted): the client it names is outside.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": OUTSIDE},
        # A client's own X-Forwarded-For is not believed.
        {"REMOTE_ADDR": OUTSIDE, "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"127.0.0.1, {OUTSIDE}"},
        {"REMOTE_ADDR": OUTSIDE, "HTTP_AUTHORIZATION": "Bearer wrong-token"},
    ],
)
def test_metrics_are_refused_to_clients_outside_the_allowed_addresses(
    client, db, headers, settings
):
    settings.JASYL_METRICS_TOKEN = "a-long-metrics-token"
    response = client.get("/metrics", **headers)
    assert response.status_code == 403
    assert b"jasyl_" not in response.content


def test_metrics_answer_a_bearer_of_the_token_from_anywhere(client, db, settings):
    settings.JASYL_METRICS_TOKEN = "a-long-metrics-token"
    response = client.get(
        "/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer a-long-metrics-token"
    )
    assert response.status_code == 200 and b"jasyl_http_requests_total" in response.content


def test_an_empty_token_opens_nothing(client, db, settings):
    settings.JASYL_METRICS_TOKEN = ""
    assert (
        client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ").status_code == 403
    )


def test_an_allowed_network_reads_the_metrics(client, db, settings):
    settings.JASYL_METRICS_ALLOW = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403
