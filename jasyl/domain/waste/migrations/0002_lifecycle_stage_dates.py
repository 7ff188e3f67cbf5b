"""The waste registries take the shared lifecycle of built objects (registries.lifecycle):
one date column per stage and the budget period, beside the old status date until the rows
are moved (0003) and it is dropped (0004)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('roadmap', '0004_verbose_names'),
        ('waste', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='containersite',
            name='budget_period',
            field=models.ForeignKey(blank=True, help_text='the period of the plan whose money delivers it', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='roadmap.budgetperiod', verbose_name='budget period'),
        ),
        migrations.AddField(
            model_name='containersite',
            name='construction_started_on',
            field=models.DateField(blank=True, null=True, verbose_name='construction started on'),
        ),
        migrations.AddField(
            model_name='containersite',
            name='decommissioned_on',
            field=models.DateField(blank=True, null=True, verbose_name='decommissioned on'),
        ),
        migrations.AddField(
            model_name='containersite',
            name='designed_on',
            field=models.DateField(blank=True, null=True, verbose_name='designed on'),
        ),
        migrations.AddField(
            model_name='containersite',
            name='in_service_on',
            field=models.DateField(blank=True, null=True, verbose_name='in service since'),
        ),
        migrations.AddField(
            model_name='containersite',
            name='planned_on',
            field=models.DateField(blank=True, null=True, verbose_name='planned on'),
        ),
        migrations.AddField(
            model_name='treatmentplant',
            name='budget_period',
            field=models.ForeignKey(blank=True, help_text='the period of the plan whose money delivers it', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='roadmap.budgetperiod', verbose_name='budget period'),
        ),
        migrations.AddField(
            model_name='treatmentplant',
            name='construction_started_on',
            field=models.DateField(blank=True, null=True, verbose_name='construction started on'),
        ),
        migrations.AddField(
            model_name='treatmentplant',
            name='decommissioned_on',
            field=models.DateField(blank=True, null=True, verbose_name='decommissioned on'),
        ),
        migrations.AddField(
            model_name='treatmentplant',
            name='designed_on',
            field=models.DateField(blank=True, null=True, verbose_name='designed on'),
        ),
        migrations.AddField(
            model_name='treatmentplant',
            name='in_service_on',
            field=models.DateField(blank=True, null=True, verbose_name='in service since'),
        ),
        migrations.AddField(
            model_name='treatmentplant',
            name='planned_on',
            field=models.DateField(blank=True, null=True, verbose_name='planned on'),
        ),
        migrations.AddField(
            model_name='wastesite',
            name='budget_period',
            field=models.ForeignKey(blank=True, help_text='the period of the plan whose money delivers it', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='roadmap.budgetperiod', verbose_name='budget period'),
        ),
        migrations.AddField(
            model_name='wastesite',
            name='construction_started_on',
            field=models.DateField(blank=True, null=True, verbose_name='construction started on'),
        ),
        migrations.AddField(
            model_name='wastesite',
            name='decommissioned_on',
            field=models.DateField(blank=True, null=True, verbose_name='decommissioned on'),
        ),
        migrations.AddField(
            model_name='wastesite',
            name='designed_on',
            field=models.DateField(blank=True, null=True, verbose_name='designed on'),
        ),
        migrations.AddField(
            model_name='wastesite',
            name='in_service_on',
            field=models.DateField(blank=True, null=True, verbose_name='in service since'),
        ),
        migrations.AddField(
            model_name='wastesite',
            name='planned_on',
            field=models.DateField(blank=True, null=True, verbose_name='planned on'),
        ),
    ]
