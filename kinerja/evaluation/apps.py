from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kinerja.evaluation"
    label = "evaluation"
    verbose_name = _("Reviu dan evaluasi")
