from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from jasyl.domain.people.models import ProgrammeRole
from jasyl.domain.roadmap.models import Programme


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After signing in: the reporting inbox of the programme this person works on."""
    user = request.user
    assert user.is_authenticated
    code = (
        ProgrammeRole.objects.filter(user=user).values_list("programme__code", flat=True).first()
        or Programme.objects.filter(agencies__members__user=user)
        .values_list("code", flat=True)
        .first()
        or settings.JASYL_DEFAULT_PROGRAMME
    )
    return redirect("reporting:inbox", programme=code)
