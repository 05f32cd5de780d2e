"""Spot typed text that looks like a personal identifier, so we can warn (and not keep it)."""
from __future__ import annotations

import re

PATTERNS = (
    re.compile(r"\bA[\s#:-]*\d{3}[\s-]?\d{3}[\s-]?\d{2,3}\b", re.I),          # A-number: A123-456-789
    re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{2,3}(?!\d)"),                 # 8-9 digits (A-number, phone)
    re.compile(r"\+?\d[\d\s().-]{8,}\d"),                                       # phone numbers
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),                         # 03/07/1990
    re.compile(r"\b(19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}\b"),                    # 1990-03-07
    re.compile(r"\S+@\S+\.\w{2,}"),                                             # e-mail
)


def looks_like_identifier(text: str) -> bool:
    return any(p.search(text) for p in PATTERNS)
