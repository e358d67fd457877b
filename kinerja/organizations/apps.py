from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "kinerja.organizations"
    label = "organizations"
