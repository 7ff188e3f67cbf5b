"""The security headers every page carries, and what never lands in a cache: pages for a signed-in
person, evidence files and the API's answers to a person (docs/deployment.md, "Security
settings")."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow

DASHBOARD = "/en/programmes/green-almaty/"
REPORTING = "/en/programmes/green-almaty/reporting/"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    found = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        found[name] = sources
    return found


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, roadmap):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == csp["style-src"] == "'self'", "no nonce unless a page asks"
    assert "unsafe" not in response["Content-Security-Policy"]
    # Nothing from outside the site by default: the maps draw Jasyl's own layers (a basemap
    # style's host is added only when JASYL_MAP_STYLE_URL names one).
    assert csp["img-src"] == "'self' data:"
    assert "connect-src" not in csp
    assert csp["object-src"] == csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == csp["base-uri"] == "'self'"


def test_pages_carry_the_other_security_headers(client, roadmap):
    response = client.get(DASHBOARD)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_the_swagger_ui_runs_its_inline_script_by_a_nonce_of_its_own(client, roadmap):
    first, second = client.get("/api/v1/docs/"), client.get("/api/v1/docs/")
    (nonce,) = re.findall(r"'nonce-([^']+)'", policy(first)["script-src"])
    page = first.content.decode()
    assert page.count(f'nonce="{nonce}"') == 2, "the inline style and script"
    assert f"'nonce-{nonce}'" not in second["Content-Security-Policy"], "a new one each time"


def test_no_template_has_an_inline_script_event_handler_or_style_attribute():
    found = []
    for template in TEMPLATES.rglob("*.html"):
        if template.parts[-2] == "reports":  # PDFs, drawn by WeasyPrint and never served
            continue
        text = template.read_text()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", text)
        found += [f"{template.name}: {tag}" for tag in inline]
        found += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        found += [f"{template.name}: {m}" for m in re.findall(r"\sstyle\s*=", text)]
        found += [f"{template.name}: <style>" for _ in re.findall(r"<style(?![^>]*nonce=)", text)]
    assert not found, "\n".join(found)


def test_a_public_page_stays_cacheable(client, roadmap):
    response = client.get(DASHBOARD)
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_a_signed_in_persons_pages_are_never_stored(team):
    client = signed_in(team["editor"])
    for url in (DASHBOARD, REPORTING):
        response = client.get(url)
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
        assert "Cookie" in response["Vary"]


def test_evidence_files_are_never_stored(team):
    editor, programme = team["editor"], team.programme
    admin = team["administrator"]
    period = workflow.create_period(
        actor=admin, access=access_for(admin, programme), programme=programme,
        kind="quarter", year=2025, quarter=1,
    )  # fmt: skip
    report = workflow.save_report(
        actor=editor, access=access_for(editor, programme),
        activity=programme.activities.get(code="2.2"), period=period,
        content=workflow.Content(status="on_track", progress=Decimal(10)), based_on=0,
    )  # fmt: skip
    evidence = workflow.add_evidence(
        actor=editor, access=access_for(editor, programme), report=report,
        upload=SimpleUploadedFile("act.pdf", b"%PDF-1.4\n%%EOF"), based_on=report.revision,
    )  # fmt: skip
    response = signed_in(editor).get(f"{REPORTING}2025-q1/2.2/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_api_answering_a_person_is_never_stored_but_public_reads_may_be(team):
    url = "/api/v1/programmes/green-almaty/reports/"
    assert "no-store" not in Client().get(url).get("Cache-Control", "")
    response = signed_in(team["editor"]).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "Cookie" in response["Vary"]
    # Credentials sent, even wrong ones: the answer was made for someone.
    refused = Client().get(url, HTTP_AUTHORIZATION="Token not-a-token")
    assert "no-store" in refused["Cache-Control"]


def test_the_language_cookie_is_secure_when_the_cookies_are(client, roadmap, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.get("/ru/programmes/green-almaty/")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] and cookie["samesite"] == "Lax"


def test_with_the_https_redirect_on_only_the_probes_answer_plain_http(client, roadmap, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(DASHBOARD)
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200
    # Behind a proxy that says the request came over https (JASYL_PROXY_SSL_HEADER).
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    response = Client().get(DASHBOARD, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=3600"
