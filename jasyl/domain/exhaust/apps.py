from django.apps import AppConfig


class ExhaustConfig(AppConfig):
    name = "jasyl.domain.exhaust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import jasyl.domain.exhaust.imports  # noqa: F401 (registers the import of checks)
        from jasyl.domain.airquality.versions import register
        from jasyl.domain.exhaust.selectors import LIMITS

        # The programme office puts new versions of the limits in force like the air files.
        register(LIMITS)
