from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "kinerja.agreements"
    label = "agreements"
