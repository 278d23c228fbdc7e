import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from regions import tree
from regions.choices import LEVEL_BY_DEPTH, Level

# ASCII digits only, matched in full: `\d` alone takes other scripts' digits and `$` a trailing newline.
CODE_PATTERN = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4}(\.[0-9]{3})?)?)?)?")


def level_for_code(code: str) -> str:
    if not CODE_PATTERN.fullmatch(code):
        raise ValidationError(_("%(code)s is not an official region code."), params={"code": code})
    return LEVEL_BY_DEPTH[tree.depth(code)]


parent_code = tree.parent  # the name the loaders use


@cache
def _reach_function():
    return import_string(settings.REACH_OF)


def reach_of(user, action: str = "view"):
    """The user's reach for `action` from the project's one scoping mechanism, accounts.scoping.reach_of.

    Accounts sits above the tree (an assignment hangs on a region), so the tree is handed the function
    through `settings.REACH_OF` instead of importing it, as Django is handed its user model.
    """
    return _reach_function()(user, action)


class RegionQuerySet(models.QuerySet):
    """Not an accounts.scoping.ScopedQuerySet: regions lie below accounts and may not import it. A region is
    its own place (its `region_lookup` would be `code`) and needs none of that class's other declarations,
    so this one line, with the reach handed down through settings.REACH_OF, is the whole of it."""

    def visible_to(self, user, action: str = "view"):
        """The regions in the user's reach for `action`, like every scoped model's `visible_to`."""
        return self.filter(reach_of(user, action).q("code"))


class Region(models.Model):
    """One node of the administrative tree, from province down to polling station (TPS).

    The official dotted code (Permendagri 58/2021; a TPS adds `.NNN` to its village) is the primary
    key and the materialised path: the subtree of `13.02` is `code = '13.02' OR code LIKE '13.02.%'`.
    """

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            # LIKE 'prefix.%' uses this index on PostgreSQL whatever the database collation.
            models.Index(fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "name"], name="region_level_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=Level.values), name="region_level_valid"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        level = level_for_code(self.code)
        if self.level != level:
            raise ValidationError({"level": _("A code of this shape is a %(level)s.") % {"level": level}})
        if (self.parent_id or None) != parent_code(self.code):
            raise ValidationError({"parent": _("The parent must be the code without its last segment.")})

    @property
    def kind_label(self) -> str:
        """Kabupaten vs kota and desa vs kelurahan, as the Permendagri code says: regency numbers 01-69
        are kabupaten, 71-99 kota; a village number starting with 1 is a kelurahan, with 2 a desa."""
        last = self.code.rsplit(".", 1)[-1]
        if self.level == Level.PROVINCE:
            return _("Province")
        if self.level == Level.REGENCY:
            return _("City (kota)") if int(last) >= 71 else _("Regency (kabupaten)")
        if self.level == Level.DISTRICT:
            return _("District (kecamatan)")
        if self.level == Level.VILLAGE:
            return _("Kelurahan") if last.startswith("1") else _("Desa")
        return _("Polling station (TPS)")

    @property
    def body_label(self) -> str:
        """The election body that works at this level."""
        return {
            Level.PROVINCE: _("KPU Provinsi"),
            Level.REGENCY: _("KPU Kabupaten/Kota"),
            Level.DISTRICT: "PPK",
            Level.VILLAGE: "PPS",
            Level.TPS: "KPPS",
        }[self.level]

    def ancestor_codes(self) -> list[str]:
        return tree.ancestors(self.code)

    def contains(self, code: str) -> bool:
        return tree.within(code, self.code)
