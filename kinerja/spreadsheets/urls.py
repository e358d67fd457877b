from django.urls import path

from kinerja.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("<str:code>/<int:year>/", views.upload, name="upload"),
    path("<str:code>/<int:year>/templat/", views.template_download, name="template"),
    path("<str:code>/<int:year>/anggaran/templat/", views.budget_template, name="budget_template"),
    path("<str:code>/<int:year>/anggaran/", views.budget_upload, name="budget_upload"),
]
