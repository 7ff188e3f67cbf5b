"""Query parameters that many pages read alike."""

from django.http import HttpRequest


def wants_sample(request: HttpRequest) -> bool:
    """Whether a public page was asked for the sample data (`?data=sample`)."""
    return request.GET.get("data") == "sample"
