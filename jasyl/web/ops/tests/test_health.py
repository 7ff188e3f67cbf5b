"""/healthz and /readyz: what a probe sees when the process, the database, the migrations and
the cache answer, and when one of them does not."""

import pytest
from django.db.migrations.recorder import MigrationRecorder


def test_the_liveness_probe_answers_without_the_database(client):
    # No `db` fixture: a query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_probes_answer_outside_the_language_prefixes(client):
    assert client.get("/kk/healthz").status_code == 404
    assert client.get("/healthz/").status_code == 404


def test_a_probe_may_only_read(client):
    assert client.post("/healthz").status_code == 405


def test_a_ready_instance_says_so_for_each_check(client, db, django_assert_num_queries):
    # SELECT 1, the applied migrations, the table names (is the task queue's there?).
    with django_assert_num_queries(3):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "migrations", "cache", "tasks"}
    assert set(body["checks"].values()) == {"ok"}
    assert "no-store" in response["Cache-Control"]


def test_an_unapplied_migration_makes_the_instance_unready_and_is_named(client, db):
    last = MigrationRecorder.Migration.objects.filter(app="reporting").order_by("-id").first()
    last.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["failing"] == ["migrations"]
    assert f"reporting.{last.name}" in body["checks"]["migrations"]


@pytest.fixture
def broken_cache(settings, tmp_path):
    """A file-based cache whose folder is a file: every write fails, as a lost Redis would."""
    in_the_way = tmp_path / "cache"
    in_the_way.write_text("not a folder")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(in_the_way),
        }
    }


def test_a_cache_that_does_not_answer_makes_the_instance_unready(client, db, broken_cache):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"].startswith("failing: ")
    assert body["checks"]["database"] == "ok"
