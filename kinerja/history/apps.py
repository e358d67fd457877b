from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "kinerja.history"
    label = "history"
    verbose_name = "Riwayat perubahan"

    def ready(self) -> None:
        from kinerja.history import tracking

        tracking.connect()
