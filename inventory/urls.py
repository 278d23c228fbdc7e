from django.urls import path

from inventory import views, views_capture, views_io, views_verify

urlpatterns = [
    # Problems
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/edit/", views.problem_update, name="problem_update"),
    path("problems/<int:pk>/status/", views.problem_status, name="problem_status"),
    path("problems/<int:pk>/comments/", views.problem_comment, name="problem_comment"),
    # Offline capture (inventory/views_capture.py): kept on the phone by the service worker
    path("capture/", views_capture.offline_capture, name="offline_capture"),
    # Evidence
    path("evidence/", views_verify.evidence_list, name="evidence_list"),
    path("evidence/verification/", views_verify.verification_queue, name="verification_queue"),
    path("evidence/<int:pk>/view/", views_verify.evidence_viewer, name="evidence_viewer"),
    path("evidence/upload/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/verify/", views.evidence_verify, name="evidence_verify"),
    path("evidence/<int:pk>/certified/", views.evidence_certified, name="evidence_certified"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/preview/", views.evidence_preview, name="evidence_preview"),
    path("coverage/<str:code>/", views.evidence_coverage, name="evidence_coverage"),
    # Import and export (inventory/imports.py, inventory/exports.py)
    path("problems/export/", views_io.problem_export, name="problem_export"),
    path("problems/import/", views_io.problem_import, name="problem_import"),
    path("problems/import/template/", views_io.problem_import_template, name="problem_import_template"),
]
