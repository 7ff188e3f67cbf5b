"""Roadside exhaust checks through the one import pipeline (`jasyl import exhaust-checks FILE`):
every row checked by `services.check_row`; a row repeated in the file, or imported before (the
same post, time, vehicle and values), is unchanged, so a file can be imported again without
doubling its checks."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jasyl.core.imports.pipeline import Change, Outcome, register
from jasyl.core.imports.sources import CellRefused, Source, SourceRow
from jasyl.domain.exhaust import services
from jasyl.domain.exhaust.models import EcoPost, ExhaustCheck
from jasyl.domain.people.access import Access
from jasyl.domain.people.imports import ProgrammeImport


@register
class ExhaustChecks(ProgrammeImport):
    name = "exhaust-checks"
    title = _("roadside exhaust checks")
    columns = tuple(services.COLUMNS)
    required = tuple(services.REQUIRED_COLUMNS)

    def may(self, access: Access) -> bool:
        return services.can_import(access, self.programme)

    def prepare(self, source: Source) -> None:
        self.posts = {post.code: post for post in EcoPost.objects.filter(programme=self.programme)}
        self.now = timezone.now()
        self.seen: set[str] = set()

    def check(self, row: SourceRow) -> Change:
        try:
            check = services.check_row(row.cells, self.posts, self.now)
        except services.CellError as error:
            raise CellRefused(error.column, str(error)) from None
        check.source_row = row.line
        check.fingerprint = services.fingerprint(check)
        repeated = check.fingerprint in self.seen
        self.seen.add(check.fingerprint)
        # The key is the row's line: a repeated check is not refused, it is the same check.
        return Change(
            row.line, str(row.line), Outcome.UNCHANGED if repeated else Outcome.CREATED, check
        )

    def apply(self, changes: Sequence[Change]) -> None:
        firsts = [change for change in changes if change.outcome == Outcome.CREATED]
        checks: list[ExhaustCheck] = [change.payload for change in firsts]
        assert self.path is not None
        written = services.write_checks(
            programme=self.programme,
            checks=checks,
            file_name=self.path.name,
            sha256=hashlib.sha256(self.path.read_bytes()).hexdigest(),
            by=self.context.actor,
        )
        new = {id(check) for check in written}
        for change in firsts:
            if id(change.payload) not in new:
                change.outcome = Outcome.UNCHANGED
