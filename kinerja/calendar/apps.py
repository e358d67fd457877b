from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja.calendar"
    label = "calendar"
    verbose_name = _("Kalender pelaporan")
