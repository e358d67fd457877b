from django.contrib.auth import views as auth_views
from django.urls import path

from kinerja.web import cascade, dashboard, glossary, orgtree, search, session, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisasi/", orgtree.organisation, name="organisasi"),
    path("cari/", search.search_page, name="search"),
    path("istilah/", glossary.glossary_page, name="glossary"),
    path("unit/<str:code>/", views.unit_detail, name="unit"),
    path("unit/<str:code>/dasbor/", dashboard.dashboard, name="dashboard"),
    path("unit/<str:code>/pohon-kinerja/", cascade.pohon, name="pohon"),
    # Sign-in for every user (the admin's own login admits staff only); lands on the user's
    # unit dashboard when all their roles are at one unit.
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(next_page="web:login"), name="logout"),
    path("sesi/", session.session_state, name="session"),
]
