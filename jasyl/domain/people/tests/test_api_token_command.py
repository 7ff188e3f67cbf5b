"""`jasyl api-token`: issue (the secret printed once), list and revoke; each in the log."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jasyl.domain.people.models import ApiToken, SecurityEvent
from jasyl.domain.people.tokens import hash_secret

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_token_is_issued_with_its_scope_programme_and_expiry(team):
    secret, note = run("--user", "editor", "--programme", "green-almaty", "--scope", "write",
                       "--days", "7", "--name", "sync")  # fmt: skip
    token = ApiToken.objects.get()
    assert secret.strip() == secret.strip().lower() and len(secret.strip()) == 64
    assert token.key_hash == hash_secret(secret.strip())
    assert (token.owner, token.scope, token.programme, token.name) == (
        team["editor"],
        "write",
        team.programme,
        "sync",
    )
    assert (token.expires_at - token.created_at).days == 7
    assert token.prefix in note and "not stored" in note
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOKEN_ISSUED)
    assert event.user == team["editor"]
    assert event.detail["prefix"] == token.prefix and event.detail["by"] == "command line"


def test_the_default_is_a_read_token_for_every_programme(team, settings):
    settings.JASYL_API_TOKEN_DAYS = 30
    run("--user", "head")
    token = ApiToken.objects.get()
    assert (token.scope, token.programme, (token.expires_at - token.created_at).days) == (
        "read",
        None,
        30,
    )


def test_tokens_are_listed_without_their_secret_and_revoked_by_prefix(team):
    secret, _ = run("--user", "editor")
    run("--user", "head", "--scope", "write")
    listing, _ = run("--list")
    editor = ApiToken.objects.get(owner=team["editor"])
    assert editor.prefix in listing and "head" in listing and secret.strip() not in listing
    assert run("--list", "--user", "head")[0].count("\n") == 1
    assert "revoked" in run("--revoke", editor.prefix)[0]
    editor.refresh_from_db()
    assert editor.revoked_at is not None
    assert "already revoked" in run("--revoke", editor.prefix)[0]
    assert f"revoked {editor.revoked_at:%Y-%m-%d}" in run("--list", "--user", "editor")[0]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TOKEN_REVOKED).count() == 1


def test_mistakes_are_refused(team):
    with pytest.raises(CommandError, match="nobody"):
        run("--user", "nobody")
    with pytest.raises(CommandError, match="--user"):
        run()
    with pytest.raises(CommandError, match="No programme"):
        run("--user", "editor", "--programme", "atlantis")
    with pytest.raises(CommandError, match="prefix"):
        run("--revoke", "deadbeef")
    team["viewer"].is_active = False
    team["viewer"].save()
    with pytest.raises(CommandError, match="not active"):
        run("--user", "viewer")
    assert not ApiToken.objects.exists()
