from django.urls import path

from kinerja.lint import views

app_name = "lint"
urlpatterns = [
    path("unit/<str:code>/", views.unit_lint, name="unit"),
]
