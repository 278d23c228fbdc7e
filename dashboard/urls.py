from django.urls import path

from dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard_home, name="dashboard"),
    path("dashboard/<str:code>/", views.dashboard_region, name="dashboard_region"),
    path("search/", views.search, name="search"),
]
