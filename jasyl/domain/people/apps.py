from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PeopleConfig(AppConfig):
    name = "jasyl.domain.people"
    label = "people"

    def ready(self) -> None:
        from axes.signals import user_locked_out  # type: ignore[import-untyped]
        from django.contrib.auth import signals as auth

        from jasyl.domain.people import signals

        auth.user_logged_in.connect(signals.signed_in, dispatch_uid="jasyl-signed-in")
        auth.user_login_failed.connect(signals.sign_in_failed, dispatch_uid="jasyl-failed")
        auth.user_logged_out.connect(signals.signed_out, dispatch_uid="jasyl-signed-out")
        user_locked_out.connect(signals.locked_out, dispatch_uid="jasyl-locked-out")


class SecondFactorAdminConfig(admin_apps.AdminConfig):
    """Django's admin with `people.admin_site.AdminSite` as its site, which asks for a session
    verified with the second factor (INSTALLED_APPS names this instead of
    "django.contrib.admin")."""

    default = False
    default_site = "jasyl.domain.people.admin_site.AdminSite"
