from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kinerja.web"
    label = "web"
