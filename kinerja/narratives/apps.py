from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NarrativesConfig(AppConfig):
    name = "kinerja.narratives"
    label = "narratives"
    verbose_name = _("Narasi Laporan Kinerja")
