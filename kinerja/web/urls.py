from django.contrib.auth import views as auth_views
from django.urls import path

from kinerja.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("unit/<str:code>/", views.unit_detail, name="unit"),
    # Sign-in for every user (the admin's own login admits staff only).
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(next_page="web:login"), name="logout"),
]
