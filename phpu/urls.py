from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import views as account_views
from accounts import views_security as security_views
from accounts.api import AssignmentViewSet, MeView
from cases.api import CaseViewSet, ClaimViewSet, ExhibitViewSet
from dashboard.api import DashboardRootView, DashboardViewSet, SearchView
from dossiers.api import DossierJobViewSet
from elections.api import ContestViewSet, DapilViewSet, ElectionViewSet, ParticipantViewSet
from inventory.api import CategoryViewSet, EvidenceViewSet, ProblemViewSet
from inventory.api_uploads import UploadDetailView, UploadListView
from phpu import home, icons, pwa
from regions import views as region_views
from regions.api import RegionViewSet
from teams.api import (
    ActivityViewSet,
    FollowUpViewSet,
    MemberViewSet,
    ReadinessViewSet,
    TeamAssignmentViewSet,
    TeamViewSet,
)

# Translated error pages with a way back; JSON under /api/; 503 for a lost database (core/views_errors.py).
handler400 = "core.views_errors.bad_request"
handler403 = "core.views_errors.permission_denied"
handler404 = "core.views_errors.page_not_found"
handler500 = "core.views_errors.server_error"

router = DefaultRouter()
# No `.json` suffix routes (`/api/problems/1/status.json/`): nothing uses them, and an action that takes no
# `format` argument would crash on them. `Accept` (or `?format=`) chooses the renderer.
router.include_format_suffixes = False
router.register("regions", RegionViewSet, basename="region")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("elections", ElectionViewSet, basename="election")
router.register("dapils", DapilViewSet, basename="dapil")
router.register("contests", ContestViewSet, basename="contest")
router.register("participants", ParticipantViewSet, basename="participant")
# Inventory API routes (inventory/api.py) are registered here.
router.register("problems", ProblemViewSet, basename="problem")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("categories", CategoryViewSet, basename="category")
# MK cases API routes (cases/api.py).
router.register("cases", CaseViewSet, basename="case")
router.register("claims", ClaimViewSet, basename="claim")
router.register("exhibits", ExhibitViewSet, basename="exhibit")
# Teams API routes (teams/api.py).
router.register("teams", TeamViewSet, basename="team")
router.register("team-members", MemberViewSet, basename="team-member")
router.register("team-assignments", TeamAssignmentViewSet, basename="team-assignment")
router.register("activities", ActivityViewSet, basename="activity")
router.register("activity-followups", FollowUpViewSet, basename="activity-followup")
router.register("readiness", ReadinessViewSet, basename="readiness")
router.register("dossiers", DossierJobViewSet, basename="dossier")
router.register("dashboard", DashboardViewSet, basename="dashboard")

urlpatterns = [
    path("", home.home, name="home"),
    # The installable app (phpu/pwa.py): the worker at the root, so that its scope is the whole site.
    path("favicon.ico", icons.favicon, name="favicon"),
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("sw.js", pwa.service_worker, name="pwa_service_worker"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/setup/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_setup.html", success_url="/accounts/login/?setup=1"
        ),
        name="password_setup",
    ),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("accounts/2fa/setup/", security_views.two_factor_setup, name="two_factor_setup"),
    path("accounts/2fa/verify/", security_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/2fa/recovery-codes/", security_views.recovery_codes_renew, name="recovery_codes_renew"),
    path("accounts/security/", security_views.security_page, name="security"),
    path("accounts/language/", security_views.language_switch, name="language_switch"),
    path("accounts/security/sign-out-everywhere/", security_views.sign_out_everywhere, name="sign_out_everywhere"),
    path("accounts/users/<str:username>/reset-2fa/", security_views.two_factor_reset, name="two_factor_reset"),
    path("accounts/token/", account_views.token_page, name="token"),
    path("accounts/token/create/", account_views.token_create_view, name="token_create"),
    path("accounts/token/revoke/", account_views.token_revoke_view, name="token_revoke"),
    path("accounts/people/", account_views.person_pick, name="person_pick"),
    path("accounts/users/", account_views.user_list_view, name="user_list"),
    path("accounts/users/new/", account_views.user_create_view, name="user_create"),
    path("accounts/users/<str:username>/", account_views.user_detail_view, name="user_detail"),
    path("accounts/assignments/<int:pk>/revoke/", account_views.assignment_revoke_view, name="assignment_revoke"),
    path("regions/", region_views.region_browse, name="region_browse"),
    path("regions/pick/", region_views.region_pick, name="region_pick"),
    path("regions/<str:code>/", region_views.region_detail, name="region_detail"),
    path("inventory/", include("inventory.urls")),
    path("cases/", include("cases.urls")),
    path("results/", include("results.urls")),
    path("teams/", include("teams.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The caller, the dashboard of the whole reach and the search answer one object, not a list: plain views.
    path("api/me/", MeView.as_view(), name="me-list"),
    path("api/dashboard/", DashboardRootView.as_view(), name="dashboard-list"),
    path("api/search/", SearchView.as_view(), name="search-list"),
    # Resumable evidence uploads (tus 1.0): plain views, since the protocol is headers and raw bytes.
    path("api/uploads/", UploadListView.as_view(), name="upload-list"),
    path("api/uploads/<uuid:pk>/", UploadDetailView.as_view(), name="upload-detail"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
]
