"""Account names become one name whatever their case or width (accounts.models.username_key).

Each account gets its ``username_key``. Accounts made before this could be look-alikes of
one another ("alice" and "Alice" in fullwidth letters): the oldest keeps the plain key, each later one gets
``<key>~<id>`` so the column stays unique, and it still logs in with its exact spelling
(AccountManager.find prefers an exact match). Nothing is renamed or deleted.
"""

import unicodedata

from django.db import migrations, models

import goodwill.accounts.models


def _key(name):
    folded = unicodedata.normalize("NFKC", (name or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


def set_keys(apps, schema_editor):
    User = apps.get_model("goodwill", "User")
    taken = set()
    for user in User.objects.order_by("pk").only("pk", "username"):
        key = _key(user.username)
        if key in taken:
            key = f"{key}~{user.pk}"
        taken.add(key)
        User.objects.filter(pk=user.pk).update(username_key=key)


class Migration(migrations.Migration):
    dependencies = [("goodwill", "0007_add_phone_region")]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", goodwill.accounts.models.AccountManager())],
        ),
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(default="", editable=False, max_length=450),
            preserve_default=False,
        ),
        migrations.RunPython(set_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.CharField(editable=False, max_length=450, unique=True),
        ),
    ]
