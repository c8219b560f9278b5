from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conversations', '0008_group_name_key'),
    ]

    operations = [
        migrations.AlterField(
            model_name='group',
            name='name_key',
            field=models.CharField(editable=False, max_length=120, unique=True),
        ),
    ]
