from django.contrib import admin
from django.urls import include, path

from kinerja.evaluation.urls import akip_patterns, skm_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("periksa/", include("kinerja.lint.urls")),
    path("laporan/", include("kinerja.reports.urls")),
    path("pk/", include("kinerja.agreements.urls")),
    path("reviu/", include("kinerja.evaluation.urls")),
    path("skm/", include((skm_patterns, "skm"))),
    path("evaluasi/", include((akip_patterns, "akip"))),
    path("narasi/", include("kinerja.narratives.urls")),
    path("realisasi/", include("kinerja.measurement.urls")),
    path("xlsx/", include("kinerja.spreadsheets.urls")),
    path("renstra/", include("kinerja.planning.urls")),
    path("pengguna/", include("kinerja.users.urls")),
    path("notifikasi/", include("kinerja.notifications.urls")),
    path("tugas/", include("kinerja.tasks.urls")),
    path("anggaran/", include("kinerja.budget.urls")),
    path("api/", include("kinerja.api.urls")),
    path("", include("kinerja.web.urls")),
]

handler404 = "kinerja.web.errors.page_not_found"
handler500 = "kinerja.web.errors.server_error"
