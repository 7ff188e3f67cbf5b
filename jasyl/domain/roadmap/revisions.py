"""Which edition of a programme's published data is current: the plan's edition and the
revision of its published progress. Public pages are cached under both (`web.common.caching`);
the writes that change published data call `published_data_changed`."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from jasyl.domain.roadmap.models import Programme


def edition_key(code: str) -> str:
    """The cache key of a programme's current edition."""
    return f"jasyl:edition:{code}"


def published_data_changed(programme_id: int) -> None:
    """Published progress data of the programme changed (a report approved or reopened, an
    indicator value recorded): cached public pages are rebuilt, in this process at once."""
    Programme.objects.filter(pk=programme_id).update(published_revision=F("published_revision") + 1)
    code = Programme.objects.values_list("code", flat=True).get(pk=programme_id)
    transaction.on_commit(lambda: cache.delete(edition_key(code)))


def plan_loaded(code: str) -> None:
    """A new edition of the plan was loaded: this process sees it at once."""
    cache.delete(edition_key(code))
