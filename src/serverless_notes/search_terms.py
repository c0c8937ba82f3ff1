"""What a fact's value says, in the words a student types: "1 MiB", "1 MB", "14 days", "256 KB".

Values state quantities in AWS's own form ("1,048,576 bytes (1 MiB)", "1,209,600 seconds (14 days)",
"256 KiB"). Students search "1 MB", "14 days", "256 KB". `quantity_phrases` lists each quantity of
a value under every name a search may use: the number without thousands separators, other spellings
(a MiB is also searched as MB), and the largest unit that states it as a whole number (1,048,576
bytes is also 1 MiB; 900 seconds is also 15 minutes).
"""

from __future__ import annotations

import re

# unit as written (lower case) -> (canonical unit, its size in the base unit of its kind)
_UNITS: dict[str, tuple[str, int]] = {}
for names, canonical, size in [
    (("byte", "bytes"), "bytes", 1),
    (("kib",), "KiB", 1024),
    (("kb", "kilobyte", "kilobytes"), "KB", 1000),
    (("mib",), "MiB", 1024 ** 2),
    (("mb", "megabyte", "megabytes"), "MB", 1000 ** 2),
    (("gib",), "GiB", 1024 ** 3),
    (("gb", "gigabyte", "gigabytes"), "GB", 1000 ** 3),
    (("tib",), "TiB", 1024 ** 4),
    (("tb", "terabyte", "terabytes"), "TB", 1000 ** 4),
    (("ms", "millisecond", "milliseconds"), "milliseconds", 1),
    (("s", "sec", "second", "seconds"), "seconds", 1000),
    (("min", "minute", "minutes"), "minutes", 60_000),
    (("hour", "hours"), "hours", 3_600_000),
    (("day", "days"), "days", 86_400_000),
]:
    for name in names:
        _UNITS[name] = (canonical, size)

# Other names of a canonical unit that searches use.
# AWS writes KiB or MiB where the binary unit is exact; students type KB and MB for them. The other way
# round is rare, and would make "1 MiB" find every limit written in MB that starts with a 1.
_SPELLINGS = {"KiB": ["KiB", "KB"], "MiB": ["MiB", "MB"], "GiB": ["GiB", "GB"], "TiB": ["TiB", "TB"],
              "KB": ["KB"], "MB": ["MB"], "GB": ["GB"], "TB": ["TB"],
              "bytes": ["bytes"], "milliseconds": ["ms", "milliseconds"], "seconds": ["seconds"],
              "minutes": ["minutes"], "hours": ["hours"], "days": ["days"]}
_SAME_KIND = {"bytes": ["bytes", "KiB", "MiB", "GiB", "TiB"], "decimal bytes": ["KB", "MB", "GB", "TB"],
              "milliseconds": ["milliseconds", "seconds", "minutes", "hours", "days"]}
_KIND_OF = {unit: kind for kind, units in _SAME_KIND.items() for unit in units}

_QUANTITY = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(" +
                       "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.6f}".rstrip("0")


def quantity_phrases(text: str) -> list[str]:
    """Every quantity in `text` under each name a search may give it, without repeats, in order."""
    phrases: dict[str, None] = {}
    for match in _QUANTITY.finditer(text):
        number = float(match.group(1).replace(",", ""))
        canonical, size = _UNITS[match.group(2).lower()]
        amount = number * size  # in the base unit of its kind
        # As written, and in the largest unit that states it as a whole number (1,209,600 seconds: 14 days),
        # not every unit in between: "1440 minutes" would make "14 days" find a limit of one day.
        units = _SAME_KIND[_KIND_OF[canonical]]
        larger = [unit for unit in units[units.index(canonical):] if amount / _UNITS[unit.lower()][1] % 1 == 0]
        for unit in dict.fromkeys([canonical, larger[-1] if larger else canonical]):
            value = amount / _UNITS[unit.lower()][1]
            for spelling in _SPELLINGS[unit]:
                # One of a unit is singular ("1 day"): a search for "1 day" or "1 days" finds it either way.
                plural = value != 1 or unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB")
                phrases[f"{_number(value)} {spelling if plural else spelling.removesuffix('s')}"] = None
    return list(phrases)
