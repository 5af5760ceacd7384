"""Usernames are one name whatever their case ("Priya.nq" is "priya.nq").

Before the constraint, any accounts whose usernames differ only by case are reported and all
but the oldest renamed to "<name>-<id>"; they can still sign in with their email address.
"""

from django.db import migrations, models
from django.db.models.functions import Lower


def rename_case_clashes(apps, schema_editor):
    User = apps.get_model("journal", "User")
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    first_by_name: dict[str, object] = {}
    for user in User.objects.order_by("pk"):
        key = user.username.lower()
        first = first_by_name.setdefault(key, user)
        if first is user:
            continue
        new = f"{user.username}-{user.pk}"
        while new.lower() in taken:
            new += "-1"
        taken.add(new.lower())
        print(
            f"\n  Username clash: {user.username!r} (user {user.pk}) differs from "
            f"{first.username!r} (user {first.pk}) only by case; renamed to {new!r}. "
            "They can sign in with their email address.",
        )
        user.username = new
        user.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_user_email_addresses_for_allauth")]

    operations = [
        migrations.RunPython(rename_case_clashes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ignoring_case",
                violation_error_message="Someone already uses this username.",
            ),
        ),
    ]
