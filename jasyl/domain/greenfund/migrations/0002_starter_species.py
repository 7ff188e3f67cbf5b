"""The starter list of species (data/species.yaml): only species a cited source names, with
the source's words; a species the office already has is left as it is."""

from django.db import migrations

from jasyl.domain.greenfund.starter import starter_species


def load(apps, schema_editor):
    Species = apps.get_model("greenfund", "Species")
    for row in starter_species():
        Species.objects.get_or_create(
            latin_name=row["latin_name"],
            defaults={**row, "verification_status": "named_by_source"},
        )


class Migration(migrations.Migration):
    dependencies = [("greenfund", "0001_green_fund")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
