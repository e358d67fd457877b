from django.urls import path

from kinerja.tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ketepatan-waktu/<str:code>/", views.timeliness_page, name="timeliness"),
]
