from django.urls import path

from kinerja.users import views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("baru/", views.user_create, name="create"),
    path("sandi/", views.OwnPasswordView.as_view(), name="own_password"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/profil/", views.user_profile, name="profile"),
    path("<int:pk>/status/", views.user_status, name="status"),
    path("<int:pk>/sandi/", views.user_password, name="password"),
    path("<int:pk>/peran/", views.role_grant, name="grant"),
    path("<int:pk>/peran/<int:membership_id>/cabut/", views.role_revoke, name="revoke"),
]
