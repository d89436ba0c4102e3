"""The demo's two pages, included at the site's root by config/urls.py."""

from django.urls import path

from pages.views import AboutPageView, HomePageView

urlpatterns = [
    path("", HomePageView.as_view(), name="home"),
    path("about/", AboutPageView.as_view(), name="about"),
]
