"""Ship the exercise library and the program templates (see apps.programs.catalog)."""

from django.db import migrations


def load_catalog(apps, schema_editor):
    from apps.programs.catalog import catalog_sync

    catalog_sync(lambda name: apps.get_model("programs", name))


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_swaps_feed_clearance"),
    ]

    operations = [
        migrations.RunPython(load_catalog, migrations.RunPython.noop),
    ]
