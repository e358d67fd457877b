from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "kinerja.spreadsheets"
    label = "spreadsheets"
    verbose_name = "Isian XLSX"
