from django.urls import path

from kinerja.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("<str:code>/<int:year>/", views.reviu_page, name="reviu"),
]
