from django.urls import path

from results import views

urlpatterns = [
    path("report/", views.report, name="results_report"),
    path("import/", views.results_import, name="results_import"),
    path("import/template/", views.dhasil_template, name="results_template"),
]
