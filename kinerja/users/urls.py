from django.urls import path

from kinerja.users import views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("baru/", views.user_create, name="create"),
    path("sandi/", views.OwnPasswordView.as_view(), name="own_password"),
    # "Lupa kata sandi?" (linked from the sign-in page; for visitors)
    path("lupa-sandi/", views.ResetRequestView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path("atur-sandi/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("atur-sandi/selesai/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    # two-step sign-in: enrol / see / remove one's authenticator, and the code after the password
    path("dua-langkah/", views.two_factor, name="two_factor"),
    path("dua-langkah/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path("dua-langkah/nonaktifkan/", views.two_factor_disable, name="two_factor_disable"),
    path("dua-langkah/kode/", views.two_factor_verify, name="two_factor_verify"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/profil/", views.user_profile, name="profile"),
    path("<int:pk>/status/", views.user_status, name="status"),
    path("<int:pk>/sandi/", views.user_password, name="password"),
    path("<int:pk>/peran/", views.role_grant, name="grant"),
    path("<int:pk>/dua-langkah/", views.user_two_factor_reset, name="two_factor_reset"),
    path("<int:pk>/peran/<int:membership_id>/cabut/", views.role_revoke, name="revoke"),
]
