from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/City")
    DISTRICT = "district", _("District (kecamatan)")
    VILLAGE = "village", _("Village (desa/kelurahan)")
    TPS = "tps", _("Polling station (TPS)")


# The number of dotted segments in an official code gives its level.
LEVEL_BY_DEPTH = {1: Level.PROVINCE, 2: Level.REGENCY, 3: Level.DISTRICT, 4: Level.VILLAGE, 5: Level.TPS}
