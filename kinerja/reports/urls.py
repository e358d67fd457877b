from django.urls import path

from kinerja.reports import views

app_name = "reports"
urlpatterns = [
    path("<str:code>/<str:kind>/", views.download, name="download"),
]
