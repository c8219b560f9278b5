"""Opportunities keep the time zone of their place (issue 17), so a London slot reads "13:00 London" with
the reader's own time beside it. Existing ones were entered in their creator's zone: that is theirs."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def creators_zone(apps, schema_editor):
    Opportunity = apps.get_model("events", "Opportunity")
    Person = apps.get_model("people", "Person")
    Opportunity.objects.update(time_zone=Subquery(Person.objects.filter(pk=OuterRef("created_by_id"))
                                                  .values("time_zone")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_organiser_takes_no_place'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='opportunity',
            name='time_zone',
            field=models.CharField(default='UTC', help_text='The zone of the place, in which the times were entered and are shown first.', max_length=64),
        ),
        migrations.RunPython(creators_zone, migrations.RunPython.noop),
    ]
