"""Accounts move to django-allauth: each existing person gets an email address record.

The records are not verified: nobody has proved they own the address yet. Those people are
marked `joined_before_verification`, so they still sign in and reach their entries and are
asked to confirm the address once signed in.
"""

from django.db import migrations, models


def create_email_addresses(apps, schema_editor):
    User = apps.get_model("journal", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    User.objects.update(joined_before_verification=True)
    existing = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=pk, email=email.strip().lower(), primary=True, verified=False)
        for pk, email in User.objects.exclude(email="").values_list("pk", "email")
        if pk not in existing
    )


def remove_unverified_addresses(apps, schema_editor):
    apps.get_model("account", "EmailAddress").objects.filter(verified=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0004_one_entry_one_truth"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="joined_before_verification",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(create_email_addresses, remove_unverified_addresses),
    ]
