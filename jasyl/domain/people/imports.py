"""The base of every import kind whose rows belong to a programme: the programme named by the
import's scope (its code; the configured default when blank) and the importer's roles in it."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.utils.translation import gettext as _

from jasyl.core.imports.pipeline import ImportKind
from jasyl.domain.people.access import ADMINISTRATOR, Access, access_for
from jasyl.domain.roadmap.models import Programme

OPERATOR = Access(user_id=None, programme_roles=frozenset({ADMINISTRATOR}))
"""The server's operator on the command line: every permission of the programme."""


class ProgrammeImport(ImportKind):
    """An import into one programme. `may` says who may use it; the server's operator (the
    command line, no actor) may always."""

    def may(self, access: Access) -> bool:
        """May a person with these roles in `self.programme` import this kind?"""
        return access.is_reviewer

    def allowed(self) -> bool:
        return self.may(self.access)

    @cached_property
    def programme(self) -> Programme:
        code = self.context.scope or settings.JASYL_DEFAULT_PROGRAMME
        found = Programme.objects.filter(code=code).first()
        if found is None:
            raise LookupError(
                _("There is no programme “%(code)s”: load it first.") % {"code": code}
            )
        return found

    @cached_property
    def access(self) -> Access:
        """The importer's roles; every role for the server's operator (no actor)."""
        if self.context.actor is None:
            return OPERATOR
        return access_for(self.context.actor, self.programme)
