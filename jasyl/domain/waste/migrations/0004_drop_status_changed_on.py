"""The old status date is gone (its value is now the date of the row's stage, 0003); the
counters' indexes read the day a row came into service, and the lifecycle's constraints hold:
a known stage, and a row in service has its date."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('waste', '0003_status_date_to_stage_date'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='containersite',
            name='waste_csite_counted',
        ),
        migrations.RemoveIndex(
            model_name='wastesite',
            name='waste_site_counted',
        ),
        migrations.RemoveField(
            model_name='containersite',
            name='status_changed_on',
        ),
        migrations.RemoveField(
            model_name='treatmentplant',
            name='status_changed_on',
        ),
        migrations.RemoveField(
            model_name='wastesite',
            name='status_changed_on',
        ),
        migrations.AddIndex(
            model_name='containersite',
            index=models.Index(fields=['is_sample', 'kind', 'status', 'in_service_on'], name='waste_csite_counted'),
        ),
        migrations.AddIndex(
            model_name='wastesite',
            index=models.Index(fields=['is_sample', 'kind', 'status', 'in_service_on'], name='waste_site_counted'),
        ),
        migrations.AddConstraint(
            model_name='containersite',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['planned', 'designed', 'under_construction', 'in_service', 'decommissioned'])), name='waste_containersite_stage'),
        ),
        migrations.AddConstraint(
            model_name='containersite',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'in_service'), _negated=True), ('in_service_on__isnull', False), _connector='OR'), name='waste_containersite_in_service_dated'),
        ),
        migrations.AddConstraint(
            model_name='treatmentplant',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['planned', 'designed', 'under_construction', 'in_service', 'decommissioned'])), name='waste_treatmentplant_stage'),
        ),
        migrations.AddConstraint(
            model_name='treatmentplant',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'in_service'), _negated=True), ('in_service_on__isnull', False), _connector='OR'), name='waste_treatmentplant_in_service_dated'),
        ),
        migrations.AddConstraint(
            model_name='wastesite',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['planned', 'designed', 'under_construction', 'in_service', 'decommissioned'])), name='waste_wastesite_stage'),
        ),
        migrations.AddConstraint(
            model_name='wastesite',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'in_service'), _negated=True), ('in_service_on__isnull', False), _connector='OR'), name='waste_wastesite_in_service_dated'),
        ),
    ]
