"""Only the admin, so the admin tests do not depend on the other pages."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
