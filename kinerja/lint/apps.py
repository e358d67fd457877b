from django.apps import AppConfig


class LintConfig(AppConfig):
    name = "kinerja.lint"
    label = "lint"
    verbose_name = "Pemeriksaan data"
