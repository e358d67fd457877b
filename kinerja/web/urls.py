from django.urls import path

from kinerja.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("unit/<str:code>/", views.unit_detail, name="unit"),
]
