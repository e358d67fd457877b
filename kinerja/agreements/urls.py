from django.urls import path

from kinerja.agreements import views

app_name = "agreements"
urlpatterns = [
    path("<str:code>/", views.agreement_list, name="list"),
    path("<str:code>/buat/", views.agreement_create, name="create"),
    path("<str:code>/<int:year>/v<int:version>/", views.agreement_detail, name="detail"),
    path("<str:code>/<int:year>/v<int:version>/ubah/", views.agreement_edit, name="edit"),
    path("<str:code>/<int:year>/v<int:version>/revisi/", views.agreement_revise, name="revise"),
    path("<str:code>/<int:year>/v<int:version>/tandatangani/", views.agreement_sign, name="sign"),
    path("<str:code>/<int:year>/v<int:version>/hapus/", views.agreement_delete, name="delete"),
    path("<str:code>/<int:year>/rencana-aksi/", views.action_plan, name="action_plan"),
    path("<str:code>/<int:year>/rencana-aksi/ubah/", views.action_plan_edit, name="action_plan_edit"),
]
