"""``/narasi/``: the LKj narrative pages (see ``kinerja.narratives.views``)."""

from django.urls import path

from kinerja.narratives import views

app_name = "narratives"
text = "<str:code>/<int:year>/<slug:key>/"
urlpatterns = [
    path("<str:code>/<int:year>/", views.year_page, name="year"),
    path(text, views.text_page, name="text"),
    path(text + "langkah/", views.text_step, name="step"),
]
