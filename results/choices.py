from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where an official figure came from."""

    SIREKAP = "sirekap", _("Sirekap (published per TPS)")
    D_HASIL = "d_hasil", _("D.Hasil recapitulation sheet")
    MANUAL = "manual", _("Entered by hand")


class Figure(models.TextChoices):
    """The administrative figures of a C.Hasil or D.Hasil form; each is a column of `Tally`."""

    DPT = "dpt", _("Registered voters (DPT)")
    DPTB = "dptb", _("Additional voters registered (DPTb)")
    VOTERS_DPT = "voters_dpt", _("Voters from the DPT")
    VOTERS_DPTB = "voters_dptb", _("Voters from the DPTb")
    VOTERS_DPK = "voters_dpk", _("Voters not on a list (DPK)")
    VOTERS = "voters", _("Voters who voted")
    VALID = "valid", _("Valid votes")
    INVALID = "invalid", _("Invalid votes")
    COUNTED = "counted", _("Votes counted (valid + invalid)")
    BALLOTS_RECEIVED = "ballots_received", _("Ballots received")
    BALLOTS_USED = "ballots_used", _("Ballots used")
    BALLOTS_DAMAGED = "ballots_damaged", _("Ballots damaged or misused")
    BALLOTS_UNUSED = "ballots_unused", _("Ballots unused")


FIGURES: tuple[str, ...] = tuple(Figure.values)
