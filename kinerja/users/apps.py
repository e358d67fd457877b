from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "kinerja.users"
    label = "kinerja_users"
    verbose_name = _("Pengguna")

    def ready(self) -> None:
        from kinerja.users import throttle  # noqa: F401  (the sign-in log's signal receivers)
