"""`jasyl api-token --user NAME`: the person's API token, made on first use."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print a person's API token, creating it if needed (--reset replaces it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The account's username.")
        parser.add_argument(
            "--reset", action="store_true", help="Replace the token (the old one stops working)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account with the username {options['user']!r}.") from None
        if not user.is_active:
            raise CommandError(f"The account {options['user']!r} is not active.")
        if options["reset"]:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
