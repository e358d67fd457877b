"""``/anggaran/``: the budget pages (``kinerja.budget.views``)."""

from django.urls import path

from kinerja.budget import views

app_name = "budget"
urlpatterns = [
    path("<str:code>/", views.budget_start, name="start"),
    path("<str:code>/<int:year>/", views.budget_page, name="unit"),
    path("<str:code>/<int:year>/isi/", views.budget_entry_page, name="enter"),
]
