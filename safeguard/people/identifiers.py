"""Identifiers a person carries: NHS number, unique pupil number (UPN), postcode.

Pure functions, so the model validators, forms, the census builder and the demo generator
share one definition. Each check returns a specific message a practitioner can act on; the
messages are module constants so tests assert the exact text.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# --- NHS number ------------------------------------------------------------------------------
# Ten digits, the last a modulus 11 check digit: weights 10..2 on the first nine digits,
# check = 11 - (sum mod 11), where 11 becomes 0 and 10 means no number has that stem.
# Worked example (943 476 5919, Wikipedia's checksum example): 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5
# + 5x4 + 9x3 + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9.

NHS_NUMBER_NOT_DIGITS = "An NHS number is made of digits only; spaces and hyphens are allowed"
NHS_NUMBER_WRONG_LENGTH = "An NHS number has 10 digits; this one has {count}"
NHS_NUMBER_WRONG_CHECK_DIGIT = (
    "The check digit of this NHS number is wrong: check it was copied correctly"
)

_NHS_WEIGHTS = range(10, 1, -1)

# The NHS reserves 999 000 0000 to 999 999 9999 for test data: numbers there pass the check
# but are never issued (read in the `nhs-number` crate's docs, docs.rs, which cite the NHS
# number article on Wikipedia; the NHS's own page was not read). Not every number in the range
# passes: 999 000 000x has check 10, so demo numbers are picked, not counted.
NHS_TEST_PREFIX = "999"
_NHS_TEST_BLOCKS = 100_000  # the five digits after 999 and before the ninth digit
_NHS_PER_BLOCK = 9  # at most one ninth digit in a block gives check 10 (see below)
NHS_SEED_LIMIT = _NHS_TEST_BLOCKS * _NHS_PER_BLOCK


def normalise_nhs_number(value: str) -> str:
    """Drop spaces and hyphens: "943 476 5919" and "943-476-5919" become "9434765919"."""
    return re.sub(r"[\s-]", "", value)


def nhs_check_digit(stem: str) -> int | None:
    """The check digit for the first nine digits, or None if no NHS number has this stem."""
    total = sum(int(digit) * weight for digit, weight in zip(stem, _NHS_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11  # 11 becomes 0
    return None if check == 10 else check


def _nhs_number_error(value: str) -> str | None:
    digits = normalise_nhs_number(value)
    if re.search(r"[^0-9]", digits):
        return NHS_NUMBER_NOT_DIGITS
    if len(digits) != 10:
        return NHS_NUMBER_WRONG_LENGTH.format(count=len(digits))
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        return NHS_NUMBER_WRONG_CHECK_DIGIT
    return None


def nhs_number_is_valid(value: str) -> bool:
    return _nhs_number_error(value) is None


def validate_nhs_number(value: str) -> None:
    """Django validator: 10 digits (spaces and hyphens allowed) with the right check digit."""
    message = _nhs_number_error(value)
    if message is not None:
        raise ValidationError(message, code="invalid_nhs_number")


def nhs_number_from_seed(n: int) -> str:
    """A valid NHS number in the 999 test range, the same for the same n, different for each n.

    n picks a block (the five digits after 999) and the ninth digit within it. Changing the
    ninth digit by one moves the weighted sum by 2 (its weight), so the ten possible ninth
    digits give ten different remainders mod 11 and at most one of them yields check 10:
    every block has at least nine usable ninth digits.
    """
    if not 0 <= n < NHS_SEED_LIMIT:
        raise ValueError(f"Seed must be from 0 to {NHS_SEED_LIMIT - 1}; got {n}")
    block, index = divmod(n, _NHS_PER_BLOCK)
    prefix = f"{NHS_TEST_PREFIX}{block:05d}"
    usable = [d for d in range(10) if nhs_check_digit(f"{prefix}{d}") is not None]
    stem = f"{prefix}{usable[index]}"
    return f"{stem}{nhs_check_digit(stem)}"


# --- Unique pupil number -----------------------------------------------------------------------
# 13 characters: a check letter, the 3-digit LA number, 4-digit establishment number, 2-digit
# year and a 3-digit serial; a temporary UPN ends with 2 digits and a letter instead.
# Check letter (read in: the UK Government Data Standards Catalogue entry "Unique Pupil
# Number" v2.0, govtalk.gov.uk; census rule 1510 in `data-to-insight/csc-validator-be-cin`
# `cin_validator/rules/cin2022_23/rule_1510.py`; python-stdnum `stdnum/gb/upn.py`): multiply
# characters 2-13 by weights 2-13, a final letter counting as its position in the alphabet
# below (A=0 ... Z=22); the sum mod 23, read in the same alphabet, is character 1. The
# alphabet is A-Z without I, O and S, which are never a check letter or a final letter.
# Format and check letter only: whether characters 2-4 are a real LA number (census rule
# 1530) is a return-level check.

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"

UPN_WRONG_LENGTH = "A unique pupil number has 13 characters; this one has {count}"
UPN_BAD_FORMAT = (
    "A unique pupil number is a letter, 11 digits, then a digit or a letter "
    "(the letters I, O and S are never used)"
)
UPN_WRONG_CHECK_LETTER = (
    "The check letter (the first character) of this unique pupil number is wrong: "
    "check it was copied correctly"
)

_UPN_FORMAT = re.compile(rf"[{UPN_ALPHABET}][0-9]{{11}}[0-9{UPN_ALPHABET}]")


def normalise_upn(value: str) -> str:
    """Drop spaces and use capitals: "h801 2000 01001" becomes "H801200001001"."""
    return re.sub(r"\s", "", value).upper()


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 characters, the last maybe a letter)."""
    values = [int(c) if c.isdigit() else UPN_ALPHABET.index(c) for c in body]
    total = sum(weight * value for weight, value in zip(range(2, 14), values, strict=True))
    return UPN_ALPHABET[total % 23]


def _upn_error(value: str) -> str | None:
    upn = normalise_upn(value)
    if len(upn) != 13:
        return UPN_WRONG_LENGTH.format(count=len(upn))
    if not _UPN_FORMAT.fullmatch(upn):
        return UPN_BAD_FORMAT
    if upn_check_letter(upn[1:]) != upn[0]:
        return UPN_WRONG_CHECK_LETTER
    return None


def upn_is_valid(value: str) -> bool:
    return _upn_error(value) is None


def validate_upn(value: str) -> None:
    """Django validator: a permanent or temporary UPN with the right check letter."""
    message = _upn_error(value)
    if message is not None:
        raise ValidationError(message, code="invalid_upn")


def upn_from_seed(n: int, la_code: str = "999") -> str:
    """A valid permanent UPN, the same for the same n and LA code, different for each n.

    The nine digits after the LA number are n. 999 is no LA's number, so demo UPNs cannot
    match a real pupil (a census built from them fails rule 1530 unless the LA code is real).
    """
    if not (len(la_code) == 3 and la_code.isascii() and la_code.isdigit()):
        raise ValueError(f"LA code must be 3 digits; got {la_code!r}")
    if not 0 <= n < 10**9:
        raise ValueError(f"Seed must be from 0 to {10**9 - 1}; got {n}")
    body = f"{la_code}{n:09d}"
    return f"{upn_check_letter(body)}{body}"


# --- Postcode ----------------------------------------------------------------------------------
# Shape only, not whether the postcode exists: an outward code (area letters, district digit,
# then an optional digit or letter: A9, A99, AA9, AA99, A9A, AA9A), a space, and an inward code
# (a digit and two letters). The per-position letter rules of BS 7666 are not applied, so
# pseudo-postcodes such as ZZ99 3VZ ("no fixed abode" in NHS data) pass.

POSTCODE_INVALID = "Enter a full UK postcode, like NB1 2AB"

_POSTCODE_FORMAT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")


def normalise_postcode(value: str) -> str:
    """Capitals and one space before the inward code: " nb12ab " becomes "NB1 2AB".

    Never raises: a value too short to split is returned in capitals without spaces.
    """
    compact = re.sub(r"\s", "", value).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(value: str) -> bool:
    return _POSTCODE_FORMAT.fullmatch(normalise_postcode(value)) is not None


def validate_postcode(value: str) -> None:
    """Django validator: a full UK postcode in any spacing or case."""
    if not postcode_is_valid(value):
        raise ValidationError(POSTCODE_INVALID, code="invalid_postcode")
