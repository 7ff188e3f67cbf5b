from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="JobClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=255, unique=True, verbose_name="key")),
                ("task_id", models.CharField(blank=True, max_length=64, verbose_name="job id")),
                ("claimed_at", models.DateTimeField(verbose_name="claimed at")),
            ],
            options={
                "verbose_name": "background job claim",
                "verbose_name_plural": "background job claims",
            },
        ),
    ]
