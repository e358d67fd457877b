from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LintConfig(AppConfig):
    name = "kinerja.lint"
    label = "lint"
    verbose_name = _("Pemeriksaan data")
