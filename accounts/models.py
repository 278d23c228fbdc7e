from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role, SecurityEventKind
from accounts.scoping import ScopedQuerySet, forget_reach


class User(AbstractUser):
    """A person who signs in: KPU commissioners and staff, PPK/PPS/KPPS members."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Blank: not chosen, the site's language (Indonesian). The browser's language is never asked.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username


class AssignmentQuerySet(ScopedQuerySet):
    region_lookup = "region__code"

    def live(self, at=None):
        at = at or timezone.now()
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=at), user__is_active=True)


class Assignment(models.Model):
    """A role held by a user over one region subtree; an empty region means the whole country (KPU RI)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("user"))
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("region"),
        help_text=_("Empty means the whole country (KPU RI)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user_id", "region_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="assignment_unique_user_region_role"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(region__isnull=True), name="assignment_unique_national"
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="assignment_role_valid"),
        ]

    def __str__(self):
        where = self.region_id or _("national")
        return f"{self.user} · {self.get_role_display()} · {where}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._forget_holder_reach()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self._forget_holder_reach()
        return deleted

    @property
    def is_live(self) -> bool:
        return self.valid_until is None or self.valid_until > timezone.now()

    def _forget_holder_reach(self) -> None:
        """The reach kept on the user object this assignment was given with is out of date now."""
        if Assignment.user.is_cached(self):
            forget_reach(self.user)


class SecurityEvent(models.Model):
    """The security audit: every sign-in and failed sign-in, sign-out, session ended, second-factor event,
    API token and role change, with who, from where and when. Rows are only ever added."""

    kind = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="security_events", verbose_name=_("user")
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    username = models.CharField(_("username given"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="securityevent_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SecurityEventKind.values), name="securityevent_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.user or self.username}"


class UserSession(models.Model):
    """A signed-in browser session, for the user's list of active sessions and "sign out everywhere"."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="browser_sessions", verbose_name=_("user"))
    session_key = models.CharField(_("session"), max_length=40, unique=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last active"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("browser session")
        verbose_name_plural = _("browser sessions")
        ordering = ["-last_seen"]
        indexes = [models.Index(fields=["user", "ended_at"], name="usersession_user_idx")]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
