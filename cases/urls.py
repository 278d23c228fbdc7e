from django.urls import path

from cases import views, views_claims, views_io

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_update, name="case_update"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/hearings/new/", views.hearing_create, name="hearing_create"),
    path("<int:pk>/population/", views.case_population, name="case_population"),
    path("<int:pk>/claims/new/", views_claims.claim_create, name="claim_create"),
    path("<int:pk>/exhibits/new/", views.exhibit_create, name="exhibit_create"),
    path("<int:pk>/exhibits/reorder/", views.case_exhibit_reorder, name="case_exhibit_reorder"),
    path("<int:pk>/counsel/new/", views.counsel_create, name="counsel_create"),
    path("counsel/<int:pk>/edit/", views.counsel_update, name="counsel_update"),
    path("counsel/<int:pk>/remove/", views.counsel_remove, name="counsel_remove"),
    path("exhibits/<int:pk>/edit/", views.exhibit_update, name="exhibit_update"),
    path("claims/<int:pk>/", views_claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views_claims.claim_update, name="claim_update"),
    path("claims/<int:pk>/numbers/", views_claims.claim_figures, name="claim_figures"),
    path("claims/<int:pk>/cite/", views_claims.claim_cite, name="claim_cite"),
    path("claims/<int:pk>/uncite/", views_claims.claim_uncite, name="claim_uncite"),
    path("claims/<int:pk>/problems/", views_claims.claim_problem, name="claim_problem"),
    path("<int:pk>/numbers/", views_io.case_figures, name="case_figures"),
    path("<int:pk>/numbers/export/", views_io.case_figures_export, name="case_figures_export"),
    path("claims/<int:pk>/numbers/import/", views_io.claim_figures_import, name="claim_figures_import"),
    path("claims/<int:pk>/numbers/import/template/", views_io.claim_figures_template, name="claim_figures_template"),
]
