from django.urls import path

from kinerja.planning import views

app_name = "planning"
urlpatterns = [
    path("<str:code>/", views.unit_plans, name="unit"),
    path("<str:code>/<int:pk>/", views.plan_page, name="plan"),
    path("<str:code>/<int:pk>/ubah/", views.edit_header, name="edit_header"),
    path("<str:code>/<int:pk>/versi-baru/", views.new_version, name="new_version"),
    path("<str:code>/<int:pk>/tetapkan/", views.adopt, name="adopt"),
    path("<str:code>/<int:pk>/sasaran/baru/", views.edit_objective, name="add_objective"),
    path("<str:code>/<int:pk>/sasaran/<int:oid>/ubah/", views.edit_objective, name="edit_objective"),
    path("<str:code>/<int:pk>/sasaran/<int:oid>/geser/", views.move_objective, name="move_objective"),
    path("<str:code>/<int:pk>/sasaran/<int:oid>/hapus/", views.delete_objective, name="delete_objective"),
    path("<str:code>/<int:pk>/sasaran/<int:oid>/indikator/baru/", views.edit_indicator, name="add_indicator"),
    path("<str:code>/<int:pk>/indikator/<int:iid>/", views.indicator_page, name="indicator"),
    path("<str:code>/<int:pk>/indikator/<int:iid>/ubah/", views.edit_indicator, name="edit_indicator"),
    path("<str:code>/<int:pk>/indikator/<int:iid>/target/", views.edit_targets, name="edit_targets"),
    path("<str:code>/<int:pk>/indikator/<int:iid>/geser/", views.move_indicator, name="move_indicator"),
    path("<str:code>/<int:pk>/indikator/<int:iid>/hapus/", views.delete_indicator, name="delete_indicator"),
]
