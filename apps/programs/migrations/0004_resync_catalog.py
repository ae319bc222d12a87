"""Re-sync the shipped catalog (the postpartum program is for anywhere, not a home gym)."""

from django.db import migrations


def load_catalog(apps, schema_editor):
    from apps.programs.catalog import catalog_sync

    catalog_sync(lambda name: apps.get_model("programs", name))


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_shipped_catalog"),
    ]

    operations = [
        migrations.RunPython(load_catalog, migrations.RunPython.noop),
    ]
