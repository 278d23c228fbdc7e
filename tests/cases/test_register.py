"""MK register numbers: the known e-BRPK shapes are read, anything else is refused with a clear reason."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cases.choices import CaseKind
from cases.register import RegisterNumberError, int_to_roman, parse_register_number, roman_to_int


@pytest.mark.parametrize(
    ("value", "kind", "sequence", "year"),
    [
        ("123-01-17-13/PHPU.DPR-DPRD-XXII/2024", CaseKind.PHPU_DPR_DPRD, 123, 2024),
        ("45/PHPU.BUP-XXIII/2025", CaseKind.PHP_BUPATI, 45, 2025),
        ("1/PHPU.PRES-XXII/2024", CaseKind.PHPU_PRESIDEN, 1, 2024),
        ("01/PHPU-PRES/XVII/2019", CaseKind.PHPU_PRESIDEN, 1, 2019),
        ("12-03-18/PHPU.DPD-XXII/2024", CaseKind.PHPU_DPD, 12, 2024),
        ("3/PHPU.DPD-XXII/2024", CaseKind.PHPU_DPD, 3, 2024),
        ("7/PHPU.GUB-XXIII/2025", CaseKind.PHP_GUBERNUR, 7, 2025),
        ("270/PHPU.WAKO-XXIII/2025", CaseKind.PHP_WALIKOTA, 270, 2025),
        ("13/PHP.BUP-XIX/2021", CaseKind.PHP_BUPATI, 13, 2021),
        ("101/PHP.KOT-XIX/2021", CaseKind.PHP_WALIKOTA, 101, 2021),
    ],
)
def test_known_shapes(value, kind, sequence, year):
    parsed = parse_register_number(value)
    assert parsed.kind == kind
    assert parsed.sequence == sequence
    assert parsed.year == year
    assert roman_to_int(parsed.roman) == year - 2002


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "register_format"),
        ("45/PHPU.BUP-XXIII", "register_format"),
        ("45/PHPU.BUPATI-XXIII/2025", "register_format"),
        ("45/phpu.bup-xxiii/2025", "register_format"),
        ("45/PHPU.BUP-XXIII/2025\n", "register_format"),  # trailing newline is not silently accepted
        (" 45/PHPU.BUP-XXIII/2025", "register_format"),  # forms strip; stored values must not vary
        ("٤٥/PHPU.BUP-XXIII/2025", "register_format"),  # other scripts' digits
        ("45/PHPU.BUP-XXIII/2025/1", "register_format"),
        ("AP3/PHPU.BUP-XXIII/2025", "register_format"),
        ("45-01/PHPU.BUP-XXIII/2025", "register_segments"),
        ("45-01/PHPU.PRES-XXII/2024", "register_segments"),
        ("45/PHP.DPR-DPRD-XXII/2024", "register_prefix"),
        ("0/PHPU.BUP-XXIII/2025", "register_zero"),
        ("45/PHPU.BUP-XXII/2025", "register_roman"),  # 2025 is the court's 23rd year
        ("45/PHPU.BUP-XXIIII/2025", "register_roman"),  # not a canonical numeral
        ("1/PHPU.PRES-XXI/2024", "register_roman"),
    ],
)
def test_refused_with_a_reason(value, code):
    with pytest.raises(RegisterNumberError) as excinfo:
        parse_register_number(value)
    assert excinfo.value.code == code
    assert isinstance(excinfo.value, ValidationError)


@translation.override("en")  # asserts on the English source wording
def test_the_format_error_names_the_expected_shapes():
    with pytest.raises(ValidationError) as excinfo:
        parse_register_number("perkara 45")
    message = excinfo.value.messages[0]
    assert "perkara 45 is not an MK register number" in message
    assert "45/PHPU.BUP-XXIII/2025" in message


@translation.override("en")  # asserts on the English source wording
def test_the_roman_error_says_which_numeral_is_right():
    with pytest.raises(ValidationError) as excinfo:
        parse_register_number("45/PHPU.BUP-XXII/2025")
    assert "2025 is XXIII, not XXII" in excinfo.value.messages[0]


@pytest.mark.parametrize("number", [1, 4, 9, 14, 17, 19, 22, 23, 40, 49, 90, 99])
def test_roman_round_trip(number):
    assert roman_to_int(int_to_roman(number)) == number
