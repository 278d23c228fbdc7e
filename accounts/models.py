from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role
from accounts.scoping import ScopedQuerySet


class User(AbstractUser):
    """A person who signs in: KPU commissioners and staff, PPK/PPS/KPPS members."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

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

    @property
    def is_live(self) -> bool:
        return self.valid_until is None or self.valid_until > timezone.now()
