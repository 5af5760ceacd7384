"""Entry.ever_signed_off: whether the entry has any sign-off, kept on its own row (SignOff.save()
sets it) so that entry_save's row lock need not ask review's table. Filled here for the entries
signed off already; a sign-off goes only with its entry, so none is ever cleared."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_signed_off(apps, schema_editor):
    Entry = apps.get_model("journal", "Entry")
    SignOff = apps.get_model("journal", "SignOff")
    signed = Exists(SignOff.objects.filter(entry=OuterRef("pk")))
    Entry.objects.filter(signed).update(ever_signed_off=True)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0032_handovers_before_0030"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="ever_signed_off",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_signed_off, migrations.RunPython.noop, elidable=True),
    ]
