"""``/realisasi/``: realisation pages (see ``kinerja.measurement.views``)."""

from django.urls import path

from kinerja.measurement import views

app_name = "measurement"
record = "<str:code>/<int:year>/<str:period>/<int:indicator>/"
urlpatterns = [
    path("menunggu/", views.waiting, name="waiting"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence"),
    path("bukti/<int:pk>/hapus/", views.evidence_delete, name="evidence_delete"),
    path("<str:code>/", views.unit_start, name="unit"),
    path("<str:code>/<int:year>/", views.realization_list, name="list"),
    path(record, views.realization_detail, name="detail"),
    path(record + "pratinjau/", views.realization_preview, name="preview"),
    path(record + "langkah/", views.realization_step, name="step"),
    path(record + "bukti/", views.evidence_upload, name="evidence_upload"),
]
