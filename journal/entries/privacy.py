"""The privacy guard: finds details that could identify the people a social worker works with.

Pure functions over text, so they are fast to test and run on every save. Each pattern is
tuned to avoid the false alarms reflective writing is full of: standard numbers ("4.6"),
years, times and registration numbers are not phone numbers; a ten-digit number that fails
the NHS check digit is not an NHS number. Untitled names are only flagged in the contexts
that make them a person's name ("mum Sarah", "his son Jordan", "Jordan Ellis said"), never
for organisations and places ("Social Work England said"), and never for the names a caller
allows: the speakers and authors of the library's own material.
"""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

MESSAGES = {
    "nhs_number": "This looks like an NHS number. Remove it: it identifies a person directly.",
    "ni_number": "This looks like a National Insurance number. Remove it.",
    "postcode": "This looks like a full postcode. Use only the area, e.g. “a town in the North West”.",
    "phone": "This looks like a phone number. Remove it.",
    "email": "This looks like an email address. Remove it or describe the role instead.",
    "date_of_birth": "This looks like a date of birth. Use an age range instead, e.g. “in her 70s”.",
    "titled_name": "This looks like a person's name. Use initials or a role, e.g. “the mother” or “Mrs K”.",
    "personal_name": "This looks like the name of someone you work with. Use initials or a role, e.g. “the son” or “J”.",
    "address": "This looks like a street address. Use only the area, e.g. “a street in the town centre”.",
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
DIGIT_RE = re.compile(r"\d")
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

# After "National Insurance number" (or "NI number"), the number however it is spaced or
# hyphenated; the letters must still be a possible prefix, so HMRC's example QQ 12 34 56 C
# used in training is not flagged.
NI_CONTEXT_RE = re.compile(
    r"\b(?:National\s+Insurance|NI|NINO)(?:\s+(?:number|no\.?|num))?\s*(?:is|was|:|-|–)?\s*"
    r"((?:[A-Za-z][\s-]*){2}(?:\d[\s-]*){6}[A-Da-d])\b",
    re.IGNORECASE,
)
NI_STRICT_RE = re.compile(
    r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", re.IGNORECASE
)

NAME = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
RELATIONS = (
    "mum|mom|mother|dad|father|son|daughter|brother|sister|stepson|stepdaughter|stepmum|"
    "stepdad|stepfather|stepmother|grandson|granddaughter|grandmother|grandfather|grandma|"
    "grandad|granddad|gran|nan|nana|aunt|auntie|uncle|nephew|niece|cousin|husband|wife|"
    "partner|boyfriend|girlfriend|fiancé|fiancée|baby|child|toddler|twin|sibling"
)
RELATION_WORDS = frozenset(RELATIONS.split("|"))
# "mum Sarah", "his son Jordan", "her daughter, Amy Jones": the name after a family word.
# Any word followed by a name matches (the name in a lookahead, so "visited Aunt Sarah" still
# finds "Aunt Sarah"), and `_untitled_names` keeps the family words: several times quicker
# than a case-insensitive alternation of forty words tried at every word.
WORD_THEN_NAME_RE = re.compile(
    rf"\b([^\W\d_]+)(?=,?\s+({NAME}(?:\s+{NAME})?)\b(?!\s+(?:{NAME}\s+)*(?:Council|Trust)))"
)
SPEECH = (
    "said|says|told|tells|explained|reported|disclosed|shared|asked|stated|mentioned|added|"
    "replied|admitted|denied|described|felt|wanted|agreed|refused|cried|shouted|texted|rang"
)
# "Jordan Ellis said": a first name and surname that speak or act.
FULL_NAME_ACTS_RE = re.compile(rf"(?<![\w'’-])((?:{NAME}\s+)+)(?:{SPEECH})\b")
STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Ct|Place|Pl|"
    "Gardens|Grove|Terrace|Hill|Square|Walk|Mews|Row|Parade|Rise|View|Vale|Green|Park|Boulevard"
)
ADDRESS_RE = re.compile(
    rf"(?<![\w.,£$])(\d{{1,4}}[A-Za-z]?,?\s+(?:Flat\s+\d+\s+)?(?:{NAME}\s+){{1,3}}(?:{STREET_TYPES}))\b\.?"
)
# Capitalised words that are organisations, places, roles, days or months, not people.
_NOT_NAMES = """
    The A An And But Or So Then When After Before While Today Yesterday Later Later On In At
    Our My Her His Their Its We They She He I It You This That These Those Every Each Both
    Social Work Works England English Scotland Scottish Wales Welsh Ireland Britain British UK
    London Manchester Leeds Birmingham Council Councils Borough County City Town Village
    Trust Service Services Team Teams Court Courts Authority Office Board Agency Partnership
    Foundation University College School Schools Hospital Police Centre Center Group Forum
    Association Department Unit Ward Clinic Practice Care Health Children Childrens Adult
    Adults Family Families Safeguarding Protection Plan Plans Need Needs Act Acts Standard
    Standards Statement Court Tribunal Panel Conference Review Reviews Report Reports NHS GP
    Government Ministry Home Housing Benefit Benefits Credit Universal Insurance National
    Local Regional Advisory Inclusion Equality Diversity Equalities Mental Capacity Human
    Rights Social-Work Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Christmas
    Easter Ramadan Eid Diwali Both Mum Dad Mother Father Sister Brother Nan Gran Baby
    Someone Everyone Nobody Anyone Everybody Somebody Nothing God Doctor Nurse Teacher Manager
    Supervisor Worker Workers Officer Officers Chair Director Lead Head Principal Senior Duty
    Podcast Episode Part Chapter Section Page Module Course Training Webinar Article Guidance
    Street Road Avenue Lane Close Drive Way Crescent Place Gardens Grove Terrace Hill Square
    Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Professor Prof Reverend Rev
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())


def _nhs_check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _finding(kind: str, match: re.Match, group: int = 0) -> Finding:
    return Finding(kind, match.start(group), match.end(group), match.group(group), MESSAGES[kind])


_VERBS = frozenset(SPEECH.split("|"))
# Every word, lower-cased: a text none of whose words is a family word (or its plural) or a
# speech verb cannot hold an untitled name, and most reflections are such texts, so the two
# name patterns run only when a set of the words says they could match.
_WORD_RE = re.compile(r"[^\W\d_]+")
_RELATION_FORMS = RELATION_WORDS | {word + "s" for word in RELATION_WORDS}


def _is_person(words: list[str], allowed: set[str]) -> bool:
    name = " ".join(words)
    if name.lower() in allowed or any(word.lower() in allowed for word in words):
        return False
    return not any(word in NOT_NAMES or word.lower() in _VERBS for word in words)


def _untitled_names(text: str, allowed: set[str]) -> list[Finding]:
    found: list[Finding] = []
    words_used = set(_WORD_RE.findall(text.lower()))
    relations = () if _RELATION_FORMS.isdisjoint(words_used) else WORD_THEN_NAME_RE.finditer(text)
    speech = () if _VERBS.isdisjoint(words_used) else FULL_NAME_ACTS_RE.finditer(text)
    for match in relations:
        relation = match.group(1).lower()
        if relation not in RELATION_WORDS and relation.removesuffix("s") not in RELATION_WORDS:
            continue
        words = match.group(2).split()
        while words and words[-1] in NOT_NAMES:
            words.pop()
        if words and _is_person(words, allowed):
            start = match.start(2)
            name = " ".join(words)
            found.append(
                Finding("personal_name", start, start + len(name), name, MESSAGES["personal_name"])
            )
    for match in speech:
        words = match.group(1).split()
        # Sentence openers ("Then Jordan Ellis said") are not part of the name.
        while words and words[0] in NOT_NAMES and len(words) > 2:
            words.pop(0)
        if len(words) not in (2, 3) or not _is_person(words, allowed):
            continue
        name = " ".join(words)
        start = match.start(1) + match.group(1).index(words[0])
        found.append(
            Finding("personal_name", start, start + len(name), name, MESSAGES["personal_name"])
        )
    return found


def _ni_in_context(text: str, taken: list[tuple[int, int]]) -> list[Finding]:
    found = []
    for match in NI_CONTEXT_RE.finditer(text):
        if any(s < match.end(1) and match.start(1) < e for s, e in taken):
            continue
        if NI_STRICT_RE.fullmatch(re.sub(r"[\s-]", "", match.group(1))):
            found.append(_finding("ni_number", match, 1))
    return found


def scan(text: str, *, allowed_names: Iterable[str] = ()) -> list[Finding]:
    """Every likely identifier in the text, in order of position.

    `allowed_names` are names that are not a privacy risk here: the speakers and authors of
    the library's own material, which a reflection quotes and discusses by name. The caller
    passes them, so this stays a pure function of its arguments.
    """
    allowed = {name.strip().lower() for name in allowed_names if name and name.strip()}
    findings: list[Finding] = []
    if DIGIT_RE.search(text):  # every number-shaped identifier needs a digit; most prose has few
        findings += _numbers(text)
    if "@" in text:
        findings += [_finding("email", m) for m in EMAIL_RE.finditer(text)]
    for match in TITLED_NAME_RE.finditer(text):
        if match.group().split()[-1] not in NOT_SURNAMES:
            findings.append(_finding("titled_name", match))
    titled = [(f.start, f.end) for f in findings if f.kind == "titled_name"]
    findings += [
        f
        for f in _untitled_names(text, allowed)
        if not any(s <= f.start and f.end <= e for s, e in titled)
    ]
    return sorted(findings, key=lambda f: (f.start, f.end))


def _numbers(text: str) -> list[Finding]:
    """The identifiers written with digits: NHS, NI and phone numbers, postcodes, dates of
    birth and street addresses."""
    findings: list[Finding] = []
    for match in NHS_RE.finditer(text):
        if _nhs_check_digit_ok("".join(match.groups())):
            findings.append(_finding("nhs_number", match))
    findings += [_finding("ni_number", m) for m in NI_RE.finditer(text)]
    findings += _ni_in_context(text, [(f.start, f.end) for f in findings])
    findings += [_finding("postcode", m) for m in POSTCODE_RE.finditer(text)]
    taken = [(f.start, f.end) for f in findings]
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        overlaps = any(s < match.end() and match.start() < e for s, e in taken)
        national = "0" + digits[2:] if digits.startswith("44") else digits
        if not overlaps and len(national) in (10, 11):
            findings.append(_finding("phone", match))
    findings += [_finding("date_of_birth", m, 1) for m in DOB_RE.finditer(text)]
    findings += [_finding("address", m, 1) for m in ADDRESS_RE.finditer(text)]
    return findings


def unacknowledged(findings: list[Finding], acknowledged: list[dict]) -> list[Finding]:
    """Findings the author has not confirmed as not identifying (matched on kind and text)."""
    confirmed = {(item.get("kind"), item.get("text")) for item in acknowledged or []}
    return [f for f in findings if (f.kind, f.text) not in confirmed]
