"""Sign-in by username without regard to letter case or character width.

``AUTHENTICATION_BACKENDS`` puts django-axes' ``AxesStandaloneBackend`` first (it refuses a
locked-out username+address before any password is checked), then this backend, which does
everything ``ModelBackend`` does except that ``OPERATOR.PKR`` or ``ｏｐｅｒａｔｏｒ.ｐｋｒ`` finds
``operator.pkr``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from kinerja.users import usernames

log = logging.getLogger("kinerja.auth")


class UsernameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        found = list(usernames.same_name(username)[:2])
        if len(found) != 1:
            # Run the hasher once anyway, so a missing user takes as long as a wrong password.
            User().set_password(password)
            if len(found) > 1:
                # Two rows differing only in case (from before the unique index): neither is
                # guessed at; an administrator must rename one.
                log.warning(
                    "Masuk ditolak: nama pengguna %r cocok dengan lebih dari satu akun (id %s); "
                    "ganti nama salah satunya.",
                    usernames.normalize(username),
                    ", ".join(str(u.pk) for u in found),
                )
            return None
        user = found[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
