from django.urls import path

from dossiers import views

urlpatterns = [
    path("", views.job_list, name="dossier_list"),
    path("case/<int:pk>/", views.case_dossiers, name="case_dossiers"),
    path("panel/case/<int:pk>/", views.case_panel, name="case_dossier_panel"),
    path("<int:pk>/", views.job_row, name="dossier_job"),
    path("<int:pk>/retry/", views.job_retry, name="dossier_retry"),
    path("<int:pk>/cancel/", views.job_cancel, name="dossier_cancel"),
    path("<int:pk>/download/", views.job_download, name="dossier_download"),
    path("<int:pk>/manifest/", views.job_manifest, name="dossier_manifest"),
    path("<int:pk>/manifest.pdf", views.job_manifest_pdf, name="dossier_manifest_pdf"),
]
