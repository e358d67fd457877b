from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "kinerja.history"
    label = "history"
    verbose_name = _("Riwayat perubahan")

    def ready(self) -> None:
        from kinerja.history import tracking

        tracking.connect()
