from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.core.i18n import localized


class Agency(models.Model):
    """An executing body: a city department, a district akimat, a company or a partner."""

    class Kind(models.TextChoices):
        CITY_DEPARTMENT = "city_department", _("City department")
        STATE_BODY = "state_body", _("State body")
        AKIMAT = "akimat", _("City akimat")
        DISTRICT_AKIMAT = "district_akimat", _("District akimat")
        COMPANY = "company", _("Company")
        NON_GOVERNMENTAL = "non_governmental", _("Non-governmental organisation")
        BUSINESS = "business", _("Business")
        PRIVATE = "private", _("Private partner")
        OTHER = "other", _("Other")

    # The short form as the plan prints it in its "responsible" column (ЭжҚОБ, ...).
    code = models.CharField(verbose_name=_("abbreviation"), max_length=100, unique=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)
    # False where the source does not confirm what the abbreviation stands for.
    verified = models.BooleanField(
        verbose_name=_("expansion confirmed by the source"), default=True
    )
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")
