from django.db import models
from django.utils.translation import gettext_lazy as _

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
    code = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name_kk = models.CharField(max_length=300)
    name_ru = models.CharField(max_length=300, blank=True)
    name_en = models.CharField(max_length=300, blank=True)
    # False where the source does not confirm what the abbreviation stands for.
    verified = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")
