"""Loads the organisations of adoption in Wales (nas.organisations.reference)."""

from django.db import migrations

from nas.organisations.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("organisations", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
