"""URL configuration: https://docs.djangoproject.com/en/6.1/topics/http/urls/"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("pages.urls")),
]
