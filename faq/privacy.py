"""Scrubbing what a stored question must not keep: phone numbers, order numbers and other long digit
runs (a Taobao order number has 15–20 digits, a mainland mobile number 11), e-mail addresses.

    scrub("订单号 3456789012345678 电话 138-0013-8000 怎么办")  ->  "订单号 <数字> 电话 <数字> 怎么办"
"""

from __future__ import annotations

import re

PLACEHOLDER = "<数字>"
EMAIL_PLACEHOLDER = "<email>"
# Runs of at least MIN_DIGITS digits, allowing single spaces, dashes or dots inside (138-0013-8000,
# +86 138 0013 8000). Shorter numbers (72小时, 3天, 15 days, 2026-11-30 parts) stay: they carry meaning.
MIN_DIGITS = 7
_DIGITS_RE = re.compile(r"\+?\d(?:[\s\-.\u2010-\u2015]?\d)+")
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_DATE_RE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text: str) -> str:
    text = _EMAIL_RE.sub(EMAIL_PLACEHOLDER, text.translate(_FULLWIDTH))

    def repl(m: re.Match[str]) -> str:
        found = m.group(0)
        if _DATE_RE.fullmatch(found):
            return found  # a date, not an identifier
        return PLACEHOLDER if sum(c.isdigit() for c in found) >= MIN_DIGITS else found

    return _DIGITS_RE.sub(repl, text)
