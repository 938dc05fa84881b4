# Separate from 0008, whose data changes PostgreSQL would not mix with ALTER TABLE in one
# transaction.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('onboarding', '0008_token_expiry_and_sessions_epoch'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.UniqueConstraint(fields=('user', 'name'), name='api_token_one_per_name'),
        ),
    ]
