"""The privacy guard: finds details that could identify the people a social worker works with.

Pure functions over text, so they are fast to test and run on every save. Each pattern is
tuned to avoid the false alarms reflective writing is full of: standard numbers ("4.6"),
years, times and registration numbers are not phone numbers; a ten-digit number that fails
the NHS check digit is not an NHS number.
"""

import re
from dataclasses import asdict, dataclass

MESSAGES = {
    "nhs_number": "This looks like an NHS number. Remove it: it identifies a person directly.",
    "ni_number": "This looks like a National Insurance number. Remove it.",
    "postcode": "This looks like a full postcode. Use only the area, e.g. “a town in the North West”.",
    "phone": "This looks like a phone number. Remove it.",
    "email": "This looks like an email address. Remove it or describe the role instead.",
    "date_of_birth": "This looks like a date of birth. Use an age range instead, e.g. “in her 70s”.",
    "titled_name": "This looks like a person's name. Use initials or a role, e.g. “the mother” or “Mrs K”.",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


NHS_RE = re.compile(r"(?<!\d)(?<!\d\.)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d|\.\d)")
NI_RE = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)
POSTCODE_RE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<![\w.])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s\-)]{0,2}){9,10}(?!\w|\.\d)")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?,? \d{4})"
)
DOB_RE = re.compile(
    r"\b(?:D\.?O\.?B\.?|date of birth|born(?: on)?)\s*(?:is|was|:|-)?\s*(" + DATE + r")",
    re.IGNORECASE,
)
TITLED_NAME_RE = re.compile(
    r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.? (?:[A-Z]\.? ?){0,2}[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
)
NOT_SURNAMES = {"Word", "Men", "Motivator", "Right", "Bean"}


def _nhs_check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _finding(kind: str, match: re.Match, group: int = 0) -> Finding:
    return Finding(kind, match.start(group), match.end(group), match.group(group), MESSAGES[kind])


def scan(text: str) -> list[Finding]:
    """Every likely identifier in the text, in order of position."""
    findings: list[Finding] = []
    for match in NHS_RE.finditer(text):
        if _nhs_check_digit_ok("".join(match.groups())):
            findings.append(_finding("nhs_number", match))
    findings += [_finding("ni_number", m) for m in NI_RE.finditer(text)]
    findings += [_finding("postcode", m) for m in POSTCODE_RE.finditer(text)]
    taken = [(f.start, f.end) for f in findings]
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        overlaps = any(s < match.end() and match.start() < e for s, e in taken)
        national = "0" + digits[2:] if digits.startswith("44") else digits
        if not overlaps and len(national) in (10, 11):
            findings.append(_finding("phone", match))
    findings += [_finding("email", m) for m in EMAIL_RE.finditer(text)]
    findings += [_finding("date_of_birth", m, 1) for m in DOB_RE.finditer(text)]
    for match in TITLED_NAME_RE.finditer(text):
        if match.group().split()[-1] not in NOT_SURNAMES:
            findings.append(_finding("titled_name", match))
    return sorted(findings, key=lambda f: (f.start, f.end))


def unacknowledged(findings: list[Finding], acknowledged: list[dict]) -> list[Finding]:
    """Findings the author has not confirmed as not identifying (matched on kind and text)."""
    confirmed = {(item.get("kind"), item.get("text")) for item in acknowledged or []}
    return [f for f in findings if (f.kind, f.text) not in confirmed]
