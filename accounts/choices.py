from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", _("Commissioner")
    LEGAL = "legal", _("Legal division")
    TECHNICAL = "technical", _("Technical division")
    SECRETARIAT = "secretariat", _("Secretariat")
    PPK = "ppk", _("PPK (district committee)")
    PPS = "pps", _("PPS (village committee)")
    KPPS = "kpps", _("KPPS (polling station)")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    EDIT_INVENTORY = "edit_inventory", _("Edit the problem inventory")
    UPLOAD_EVIDENCE = "upload_evidence", _("Upload evidence")
    VERIFY_EVIDENCE = "verify_evidence", _("Verify evidence")
    MANAGE_CASES = "manage_cases", _("Manage MK cases")
    EXPORT_DOSSIERS = "export_dossiers", _("Export dossiers")
    MANAGE_TEAM = "manage_team", _("Manage the task team")
    MANAGE_USERS = "manage_users", _("Manage users and assignments")
    MANAGE_ELECTIONS = "manage_elections", _("Manage elections, contests and participants")


# Roles whose accounts must sign in with a second factor (TOTP), as superusers must.
SECOND_FACTOR_ROLES = frozenset({Role.COMMISSIONER, Role.LEGAL})


class SecurityEventKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    SESSION_EXPIRED = "session_expired", _("Signed out after inactivity")
    SESSIONS_ENDED = "sessions_ended", _("Signed out everywhere")
    SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("Second factor set up")
    SECOND_FACTOR_VERIFIED = "2fa_verified", _("Second factor verified")
    SECOND_FACTOR_FAILED = "2fa_failed", _("Wrong second-factor code")
    RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("Recovery codes renewed")
    SECOND_FACTOR_RESET = "2fa_reset", _("Second factor reset by an administrator")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
