"""`jasyl api-token`: issue, list and revoke the REST API's tokens (docs/api.md)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jasyl.domain.people.models import ApiToken
from jasyl.domain.people.tokens import TokenError, issue_api_token, revoke_api_token
from jasyl.domain.roadmap.models import Programme


class Command(BaseCommand):
    help = (
        "Issue an API token for --user and print its secret (shown this once only); "
        "--list the tokens; --revoke PREFIX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="The account's username.")
        parser.add_argument(
            "--programme", help="Only this programme (its code); default: every programme."
        )
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read (default) or write (read and write).",
        )
        parser.add_argument(
            "--days", type=int, help="Days until it expires (default: JASYL_API_TOKEN_DAYS)."
        )
        parser.add_argument("--name", default="", help="What the token is for.")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--list", action="store_true", help="List the tokens (of --user only, if given)."
        )
        action.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with this prefix.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self.list_tokens(options["user"])
        elif options["revoke"]:
            self.revoke(options["revoke"])
        else:
            self.issue(options)

    def issue(self, options: dict[str, Any]) -> None:
        if not options["user"]:
            raise CommandError("Name the account: --user NAME.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No account with the username {options['user']!r}.")
        programme = None
        if options["programme"]:
            programme = Programme.objects.filter(code=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme {options['programme']!r}.")
        try:
            issued = issue_api_token(
                owner=user,
                scope=options["scope"],
                programme=programme,
                days=options["days"],
                name=options["name"],
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        # The secret alone on standard output, for `TOKEN=$(jasyl api-token ...)`.
        self.stdout.write(issued.secret)
        token = issued.token
        self.stderr.write(
            f"Token {token.prefix}… for {user.username}: {token.scope}, "
            f"{programme.code if programme else 'every programme'}, "
            f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}. "
            "The secret is not stored: keep it now."
        )

    def list_tokens(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("owner", "programme").order_by("created_at")
        if username:
            tokens = tokens.filter(owner__username=username)
        now = timezone.now()
        for token in tokens:
            if token.revoked_at:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            elif token.expires_at <= now:
                state = f"expired {token.expires_at:%Y-%m-%d}"
            else:
                state = f"expires {token.expires_at:%Y-%m-%d}"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}  {token.owner.username:<12} {token.scope:<5} "
                f"{token.programme.code if token.programme else '*':<14} {state:<19} "
                f"used {used:<16} {token.name}"
            )

    def revoke(self, prefix: str) -> None:
        token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with the prefix {prefix!r}.")
        if revoke_api_token(token=token):
            self.stdout.write(f"Token {prefix}… of {token.owner.username} revoked.")
        else:
            self.stdout.write(f"Token {prefix}… was already revoked.")
