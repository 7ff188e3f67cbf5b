from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_importlog"),
    ]

    operations = [
        migrations.CreateModel(
            name="GridCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("layer", models.CharField(max_length=63, verbose_name="map layer")),
                ("zoom", models.PositiveSmallIntegerField(verbose_name="zoom")),
                ("x", models.PositiveIntegerField(verbose_name="column")),
                ("y", models.PositiveIntegerField(verbose_name="row")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="count")),
                (
                    "categories",
                    models.JSONField(blank=True, default=dict, verbose_name="counts by category"),
                ),
            ],
            options={
                "verbose_name": "map grid count",
                "verbose_name_plural": "map grid counts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("layer", "zoom", "x", "y"), name="grid_count_cell"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("zoom__lte", 22)), name="grid_count_zoom"
                    ),
                ],
            },
        ),
    ]
