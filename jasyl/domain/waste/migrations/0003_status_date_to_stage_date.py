"""Each waste row keeps its stage (the old status, same values) and the day of its last change
becomes the date of that stage (`status_changed_on` -> `planned_on`, `designed_on`,
`construction_started_on`, `in_service_on` or `decommissioned_on`). A row in service whose day
was never recorded takes the day Jasyl last recorded the row (`updated_at`): the lifecycle
requires the date a row came into service, and that is the latest day it is known to have been
in service (docs/waste.md, "The lifecycle")."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import TruncDate

MODELS = ("containersite", "wastesite", "treatmentplant")

# The date column of each stage, as registries.lifecycle.DATE_FIELDS had it when this was
# written (a migration keeps its own copy).
DATE_FIELDS = {
    "planned": "planned_on",
    "designed": "designed_on",
    "under_construction": "construction_started_on",
    "in_service": "in_service_on",
    "decommissioned": "decommissioned_on",
}


def forward(apps, schema_editor):
    for name in MODELS:
        rows = apps.get_model("waste", name).objects
        for stage, column in DATE_FIELDS.items():
            rows.filter(status=stage, status_changed_on__isnull=False).update(
                **{column: F("status_changed_on")}
            )
        rows.filter(status="in_service", status_changed_on__isnull=True).update(
            in_service_on=TruncDate("updated_at")
        )


def backward(apps, schema_editor):
    for name in MODELS:
        rows = apps.get_model("waste", name).objects
        for stage, column in DATE_FIELDS.items():
            rows.filter(status=stage).update(status_changed_on=F(column))


class Migration(migrations.Migration):

    dependencies = [
        ("waste", "0002_lifecycle_stage_dates"),
    ]

    operations = [migrations.RunPython(forward, backward)]
