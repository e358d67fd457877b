"""A unique index on UPPER(username): two accounts can no longer differ only in letter case, even
when two requests create them at the same moment (kinerja/users/usernames.py).

SQLite (3.9+) and PostgreSQL both accept an index on an expression. If the database already holds
such a pair, the migration stops and names them: rename one (Django admin, or the shell) and run
``migrate`` again.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Upper

INDEX = "kinerja_users_username_upper_uniq"


def refuse_duplicates(apps, schema_editor):
    User = apps.get_model("auth", "User")
    clashes = (
        User.objects.using(schema_editor.connection.alias)
        .annotate(key=Upper("username"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    names = []
    for row in clashes:
        names.extend(
            User.objects.using(schema_editor.connection.alias)
            .annotate(key=Upper("username"))
            .filter(key=row["key"])
            .values_list("username", flat=True)
        )
    if names:
        raise RuntimeError(
            "Nama pengguna berikut hanya berbeda huruf besar/kecil; ganti nama salah satunya lalu "
            "jalankan migrate lagi / these usernames differ only in letter case, rename one of each "
            "pair and migrate again: " + ", ".join(sorted(names))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON auth_user (UPPER(username))",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
