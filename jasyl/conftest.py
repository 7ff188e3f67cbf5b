import pytest

from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.services import load_plan as load_into_database
from jasyl.testing.settings import FAST_PASSWORD_HASHERS, with_plain_static_files


@pytest.fixture
def roadmap(db) -> Programme:
    """The bundled Green Almaty roadmap, loaded into the test database."""
    return load_into_database(plan=load_plan(programme_folder("green-almaty"))).programme


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many accounts: a fast hasher (jasyl/testing/settings.py)."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render pages without running collectstatic first."""
    settings.STORAGES = with_plain_static_files(settings.STORAGES)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached plan (test databases reuse primary keys)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def station(db):
    """One reference station of a test network, matched to OpenAQ location 900001."""
    from jasyl.domain.airquality.models import Station

    return Station.objects.create(
        code="T1", name_kk="Сынақ", operator="Test network", kind="reference",
        openaq_location=900001,
    )  # fmt: skip


@pytest.fixture
def team(roadmap):
    """One account per role (see `jasyl/testing/people.py`), with the roadmap loaded."""
    from jasyl.testing.people import team as make_team

    return make_team(roadmap)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def jobs_at_once(settings):
    """Background jobs run at once, inside the request or command that enqueues them
    (django-tasks' immediate backend); a test of the worker sets the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def database_jobs(settings):
    """Jobs wait in the database for a worker (django-tasks-db), as in production; the test runs
    them with `jasyl.testing.jobs.run_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def second_factor_given(request):
    """People who must give a second factor (docs/security.md) are signed in with it given, so
    that `client.force_login(team["administrator"])` opens every page as before. Tests marked
    `real_mfa` go through the code pages instead."""
    if request.node.get_closest_marker("real_mfa"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    from jasyl.testing.people import second_factor_given as receiver

    user_logged_in.connect(receiver, dispatch_uid="jasyl-test-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="jasyl-test-second-factor")
