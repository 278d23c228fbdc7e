"""MK register numbers (nomor perkara in the e-BRPK).

Known shapes (the MK's published registers and e-BRPK):
    123-01-17-13/PHPU.DPR-DPRD-XXII/2024   legislative 2024: number and party/province segments
    1/PHPU.PRES-XXII/2024                  presidential
    01/PHPU-PRES/XVII/2019                 presidential 2019 (the older separators)
    12-03-18/PHPU.DPD-XXII/2024            DPD
    45/PHPU.BUP-XXIII/2025                 Pilkada 2024, registered 2025 (GUB, BUP, WAKO)
    13/PHP.BUP-XIX/2021                    Pilkada 2020 (PHP prefix; KOT for cities)

The Roman numeral is the court's year (MK's first year, 2003, is I), so it must equal year - 2002.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseKind

FIRST_COURT_YEAR = 2003

PATTERN = re.compile(
    r"(?P<number>[0-9]{1,4}(?:-[0-9]{1,3}){0,3})"
    r"/(?P<prefix>PHPU|PHP)[.-](?P<family>DPR-DPRD|DPD|PRES|GUB|BUP|WAKO|KOT)"
    r"[-/](?P<roman>[IVXLC]+)/(?P<year>[0-9]{4})"
)

FAMILY_KIND = {
    "DPR-DPRD": CaseKind.PHPU_DPR_DPRD,
    "DPD": CaseKind.PHPU_DPD,
    "PRES": CaseKind.PHPU_PRESIDEN,
    "GUB": CaseKind.PHP_GUBERNUR,
    "BUP": CaseKind.PHP_BUPATI,
    "WAKO": CaseKind.PHP_WALIKOTA,
    "KOT": CaseKind.PHP_WALIKOTA,
}
# Only legislative registers add party/candidate/province segments to the number.
SEGMENTED = frozenset({"DPR-DPRD", "DPD"})
PILKADA_FAMILIES = frozenset({"GUB", "BUP", "WAKO", "KOT"})
EXAMPLES = "123-01-17-13/PHPU.DPR-DPRD-XXII/2024, 1/PHPU.PRES-XXII/2024, 45/PHPU.BUP-XXIII/2025"

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


class RegisterNumberError(ValidationError):
    pass


@dataclass(frozen=True)
class RegisterNumber:
    number: str
    family: str
    kind: str
    roman: str
    year: int

    @property
    def sequence(self) -> int:
        """The case's own number, the first segment."""
        return int(self.number.split("-")[0])


def roman_to_int(value: str) -> int:
    total = 0
    for i, char in enumerate(value):
        current = _ROMAN[char]
        following = _ROMAN[value[i + 1]] if i + 1 < len(value) else 0
        total += -current if current < following else current
    return total


def int_to_roman(value: int) -> str:
    out = []
    for number, numeral in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out.append(numeral)
            value -= number
    return "".join(out)


def parse_register_number(value: str) -> RegisterNumber:
    """Split a register number into its parts, or raise RegisterNumberError saying what is wrong."""
    text = value or ""
    match = PATTERN.fullmatch(text)
    if match is None:
        raise RegisterNumberError(
            _("%(value)s is not an MK register number; expected e.g. %(examples)s."),
            code="register_format",
            params={"value": text, "examples": EXAMPLES},
        )
    family, number, roman = match["family"], match["number"], match["roman"]
    year = int(match["year"])
    if "-" in number and family not in SEGMENTED:
        raise RegisterNumberError(
            _("Only DPR-DPRD and DPD register numbers have dashed segments before the slash."),
            code="register_segments",
        )
    if match["prefix"] == "PHP" and family not in PILKADA_FAMILIES:
        raise RegisterNumberError(_("General-election cases are registered as PHPU, not PHP."), code="register_prefix")
    if int(number.split("-")[0]) == 0:
        raise RegisterNumberError(_("The case number cannot be 0."), code="register_zero")
    expected = year - FIRST_COURT_YEAR + 1
    if int_to_roman(roman_to_int(roman)) != roman or roman_to_int(roman) != expected:
        raise RegisterNumberError(
            _("The Roman numeral is the court's year: %(year)s is %(expected)s, not %(roman)s."),
            code="register_roman",
            params={"year": year, "expected": int_to_roman(expected) if expected > 0 else "-", "roman": roman},
        )
    return RegisterNumber(number=number, family=family, kind=FAMILY_KIND[family], roman=roman, year=year)


def validate_register_number(value: str) -> None:
    parse_register_number(value)
