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
