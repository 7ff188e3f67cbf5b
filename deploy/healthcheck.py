"""Exit 0 when Jasyl answers /readyz with 200: the container's health check.

Run beside gunicorn (`python deploy/healthcheck.py`). It asks with the site's own host name (the
first of JASYL_ALLOWED_HOSTS), which Django accepts, and says it came through HTTPS, as the
proxy would, so that an HTTPS redirect does not answer in place of the check.
"""

import os
import sys
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 200, not somewhere else to ask."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("JASYL_ALLOWED_HOSTS", "localhost").split(",")]
    host = next((h.lstrip(".") for h in hosts if h and h != "*"), "localhost")
    port = os.environ.get("JASYL_BIND", "127.0.0.1:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/readyz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"not ready: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
