"""Population figures say which municipal division they are counted in (the year's). Every
figure so far was counted in the division of its own date's year."""

from django.db import migrations, models
from django.db.models.functions import ExtractYear


def _division_of_its_own_year(apps, schema_editor):
    PopulationFigure = apps.get_model("onboarding", "PopulationFigure")
    PopulationFigure.objects.update(division=ExtractYear("date"))
    Historical = apps.get_model("onboarding", "HistoricalPopulationFigure")
    Historical.objects.update(division=ExtractYear("date"))


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0005_scheduling_moved_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="populationfigure",
            name="division",
            field=models.PositiveSmallIntegerField(
                null=True,
                help_text="The year whose municipal division the figure is counted in.",
                verbose_name="municipal division (year)",
            ),
        ),
        migrations.AddField(
            model_name="historicalpopulationfigure",
            name="division",
            field=models.PositiveSmallIntegerField(
                null=True,
                help_text="The year whose municipal division the figure is counted in.",
                verbose_name="municipal division (year)",
            ),
        ),
        migrations.RunPython(_division_of_its_own_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="populationfigure",
            name="division",
            field=models.PositiveSmallIntegerField(
                help_text="The year whose municipal division the figure is counted in.",
                verbose_name="municipal division (year)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpopulationfigure",
            name="division",
            field=models.PositiveSmallIntegerField(
                help_text="The year whose municipal division the figure is counted in.",
                verbose_name="municipal division (year)",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="populationfigure",
            name="unique_population_per_date",
        ),
        migrations.AddConstraint(
            model_name="populationfigure",
            constraint=models.UniqueConstraint(
                fields=("municipality", "date", "division"),
                name="unique_population_per_date_and_division",
            ),
        ),
    ]
