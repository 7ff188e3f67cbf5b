"""The compensation rule of the published plan, read from the green fund ledger's data file
(jasyl/domain/indicators/data/green-almaty-green-fund.yaml) so that the ratio is written in one
place: trees to plant per hazardous tree felled, with its source in three languages and its
status. The roadmap's item 2.2 speaks of hazardous trees ("кесілген 84 628 апаттық ағаштың
орнына 846 280 ағаш"), so the rule applies to that reason only; it states no dates, so the rule
has none. Nothing is written when the office has a rule already."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import migrations

LEDGER = (
    Path(__file__).resolve().parents[2] / "indicators" / "data" / "green-almaty-green-fund.yaml"
)
STATUSES = {"derived from the published plan": "derived_from_plan"}


def seed(apps, schema_editor):
    CompensationRule = apps.get_model("greenfund", "CompensationRule")
    if CompensationRule.objects.exists():
        return
    compensation = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["compensation"]
    CompensationRule.objects.create(
        ratio=Decimal(str(compensation["ratio"])),
        reasons=["hazardous"],
        valid_from=None,
        valid_to=None,
        source_kk=compensation["source"]["kk"],
        source_ru=compensation["source"]["ru"],
        source_en=compensation["source"]["en"],
        verification_status=STATUSES[compensation["status"]],
    )


class Migration(migrations.Migration):
    dependencies = [("greenfund", "0002_starter_species")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
