"""The link from the roadmap item of exhaust checks to their page."""

from typing import Any

from django import template

from jasyl.domain.exhaust.services import ACTIVITY

register = template.Library()


@register.inclusion_tag("exhaust/_activity_link.html")
def exhaust_checks_link(programme: str, activity: str) -> dict[str, Any]:
    return {"programme": programme, "show": activity == ACTIVITY}
