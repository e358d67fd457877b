"""``createsuperuser`` that also refuses a name differing from an existing one only in letter case
or character width (``ADMIN`` beside ``admin``): see ``kinerja.users.usernames``.

It replaces Django's command because ``kinerja.users`` is listed before ``django.contrib.auth`` in
``INSTALLED_APPS`` (the first app providing a command wins).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management.commands import createsuperuser

from kinerja.users import usernames


class Command(createsuperuser.Command):
    def _validate_username(self, username: Any, verbose_field_name: str, database: str) -> Any:
        error = super()._validate_username(username, verbose_field_name, database)  # type: ignore[misc]
        if error or not username:
            return error
        if usernames.taken(str(username), using=database):
            return "Error: " + usernames.taken_message(str(username))
        return None
