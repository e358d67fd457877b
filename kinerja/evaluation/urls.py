from django.urls import path

from kinerja.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("<str:code>/<int:year>/", views.reviu_page, name="reviu"),
    path("<str:code>/<int:year>/temuan/", views.reviu_findings, name="findings"),
]

# mounted at /skm/ (namespace "skm") by kinerja/urls.py
skm_patterns = [
    path("isi/<str:key>/", views.survey_public, name="public"),
    path("<str:code>/<int:year>/", views.skm_unit, name="unit"),
]

# mounted at /evaluasi/ (namespace "akip") by kinerja/urls.py
akip_patterns = [
    path("rekomendasi/", views.recommendations_page, name="recommendations"),
    path("<str:code>/rekomendasi/", views.unit_recommendations, name="unit_recommendations"),
    path("<str:code>/<int:year>/", views.akip_page, name="unit"),
]
