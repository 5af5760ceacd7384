"""The privacy guard: finds details that could identify the people a social worker works with.

Pure functions over text, so they are fast to test and run on every save. Each pattern is
tuned to avoid the false alarms reflective writing is full of: standard numbers ("4.6"),
years, times and registration numbers are not phone numbers; a ten-digit number that fails
the NHS check digit is not an NHS number. Beyond the numbers, it finds what practitioners
really type about a family: first names (from gender-guesser's dictionary of some 37,000,
so a name is found wherever it stands, not only after "her son"), "Kayden (7)", "the Hussain
children", nicknames, schools, wards and beds, GP surgeries, a street with its postcode
district, local case numbers, social media handles and number plates. Names are never flagged
for organisations and places ("Social Work England said", "in Dudley", "Oakfield Road"); a
first name inside a full name is left to the context patterns ("mum Sarah Jones", "Jordan
Ellis said"), since authors and public figures are written in full ("Eileen Munro's review")
and the people a worker knows by first name; and a name a caller allows is never flagged: the
speakers and authors of the library's own material.
"""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from journal.entries.identifiers import (
    ADDRESS_RE,
    APP_CUES,
    ARTICLES,
    CASE_NUMBER_CUES,
    CASE_NUMBER_RE,
    COMMON_WORD_ZIPF,
    DIGIT_RE,
    DOB_RE,
    EMAIL_RE,
    FAMILY_CUES,
    FAMILY_PLURAL_RE,
    FAMILY_RE,
    FULL_NAME_ACTS_RE,
    GP_CUES,
    GP_SURGERY_RE,
    HANDLE_AFTER_APP_RE,
    HANDLE_RE,
    LONE_WORD_RE,
    NAME_AGE_RE,
    NHS_RE,
    NI_CONTEXT_RE,
    NI_RE,
    NI_STRICT_RE,
    NICKNAME_CUES,
    NICKNAME_RE,
    NOT_AFTER_SUBJECT,
    NOT_CASE_NUMBERS,
    NOT_NAMES,
    NOT_SURNAMES,
    PHONE_RE,
    PLACE_WORDS,
    PLATE_AFTER_CUE_RE,
    PLATE_RE,
    PLURAL_ZIPF,
    POSTCODE_RE,
    RELATION_WORDS,
    SCHOOL_CUES,
    SCHOOL_RE,
    SENTENCE_START_RE,
    SPEECH,
    STREET_CUES,
    STREET_DISTRICT_RE,
    SUBJECT_NEEDS_A_VERB_ZIPF,
    SUBJECT_VERBS,
    TITLED_NAME_RE,
    WARD_CUES,
    WARD_RE,
    WORD_THEN_NAME_RE,
    english_frequency,
    first_names,
    lower_first_names,
)

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
    "nickname": "This looks like a nickname. Leave it out: people who know the person know it.",
    "family_name": "This looks like a family's surname. Use a role or an initial, e.g. “the K family”.",
    "school": "This names a school. Use “a primary school” or “her secondary school” instead.",
    "ward": "This names a hospital ward or bed. Use “on a hospital ward” instead.",
    "gp_surgery": "This names a GP surgery. Use “the GP” instead.",
    "case_number": "This looks like a case or reference number. Remove it.",
    "handle": "This looks like a social media account. Remove it: it leads straight to the person.",
    "number_plate": "This looks like a number plate. Remove it.",
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


def preload() -> None:
    """Read the first names and the word frequencies now: a web worker does at start-up,
    before it freezes its heap, rather than on someone's first save (they take a second,
    and left for the garbage collector to walk, they slow every full collection)."""
    lower_first_names()
    english_frequency("the")


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


def _untitled_names(text: str, allowed: set[str], words_used: set[str]) -> list[Finding]:
    found: list[Finding] = []
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


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start]
    return (start <= 12 and not before.strip()) or bool(SENTENCE_START_RE.search(before))


def _reads_as_subject(word: str, after: str) -> bool:
    """Whether a name-like word opening a sentence reads as a person: a rare word does unless
    a preposition follows ("Kayden went", not "Grace under pressure"); a word as common as
    "Jordan", or a rare name as common as "Tab", needs a verb after it ("Jordan was quiet",
    not "Tab one text"); and one as common as "Will" or "Hope" is read as the word."""
    following = (after.split()[:1] or [""])[0].lower().strip(",.;:!?")
    frequency = english_frequency(word)
    if frequency >= COMMON_WORD_ZIPF or following in NOT_AFTER_SUBJECT:
        return False
    # A rare name that is also a word of everyday English is read as the word.
    as_a_word = SUBJECT_NEEDS_A_VERB_ZIPF - (first_names()[word] <= 1)
    return frequency < as_a_word or following in SUBJECT_VERBS


def _lone_first_names(text: str, allowed: set[str]) -> list[Finding]:
    """First names standing alone, wherever they stand: "Chloe showed me her room", "Amira's
    mum", "Mia, Jayden and Lacey", "carers Dave and Linda"."""
    names = first_names()
    found = []
    for match in LONE_WORD_RE.finditer(text):
        word = match.group(1)
        if word not in names or word in NOT_NAMES or word.lower() in allowed:
            continue
        previous = text[max(0, match.start() - 40) : match.start()].split()[-1:] or [""]
        if previous[0].lower() in PLACE_WORDS | ARTICLES:
            continue
        after = text[match.end() : match.end() + 40]
        if re.match(r"\s+(?:O['’]|Mc|Mac)?[A-Z][a-z]", after):
            continue  # a full name or a proper noun: "Eileen Munro", "Victoria Road"
        opens = _opens_sentence(text, match.start())
        # A rare name that is one of the commonest words, capitalised inside a sentence as a
        # button's or a title's: "pressed Save", "Save the Children".
        if not opens and names[word] <= 1 and english_frequency(word) >= COMMON_WORD_ZIPF:
            continue
        # The end of a longer proper noun ("Moss Side", "Princess Road"), unless the word
        # before is capitalised only because it opens the sentence ("Visited Noah").
        if previous[0][:1].isupper() and previous[0][-1:].isalpha() and not opens:
            start = match.start() - len(previous[0]) - 1
            if previous[0] in names or not _opens_sentence(text, start):
                continue
        if opens and match.group() == word and not _reads_as_subject(word, after):
            continue
        found.append(_finding("personal_name", match, 1))
    return found


def _places_and_people(
    text: str, allowed: set[str], words: set[str], digits: bool
) -> list[Finding]:
    """The identifiers written in words: names with ages, nicknames, families, schools, GP
    surgeries, wards, streets with their district, handles and plates. Each pattern runs
    only when the text holds a word (or a digit) it cannot match without: most hold none."""
    found = []
    for match in NAME_AGE_RE.finditer(text) if digits and "(" in text else ():
        if match.group(1) not in NOT_NAMES and match.group(1).lower() not in allowed:
            found.append(_finding("personal_name", match, 1))
    for match in NICKNAME_RE.finditer(text) if words & NICKNAME_CUES else ():
        group = 2 if match.group(2) else 3
        if match.group(group) not in NOT_NAMES and match.group(group).lower() not in allowed:
            found.append(_finding("nickname", match, group))
    for match in FAMILY_RE.finditer(text) if words & FAMILY_CUES else ():
        if match.group(1) not in NOT_NAMES and match.group(1).lower() not in allowed:
            found.append(_finding("family_name", match, 1))
    for match in FAMILY_PLURAL_RE.finditer(text) if "the" in words else ():
        if match.group(1) not in NOT_NAMES and english_frequency(match.group(1)) < PLURAL_ZIPF:
            found.append(_finding("family_name", match, 1))
    for match in SCHOOL_RE.finditer(text) if words & SCHOOL_CUES else ():
        names = re.findall(r"[A-Z][a-z]+", match.group(1))
        if not all(name in NOT_NAMES for name in names[:-1]):
            found.append(_finding("school", match, 1))
    for match in WARD_RE.finditer(text) if words & WARD_CUES else ():
        if match.group(1).split()[0] not in NOT_NAMES or match.group(1)[-1].isdigit():
            found.append(_finding("ward", match, 1))
    if words & GP_CUES:
        found += [_finding("gp_surgery", m, 1) for m in GP_SURGERY_RE.finditer(text)]
    if "@" in text:
        found += [_finding("handle", m) for m in HANDLE_RE.finditer(text)]
    if words & APP_CUES:
        found += [_finding("handle", m, 1) for m in HANDLE_AFTER_APP_RE.finditer(text)]
    if digits and words & STREET_CUES:
        found += [_finding("address", m, 1) for m in STREET_DISTRICT_RE.finditer(text)]
    if digits:
        plates = [*PLATE_RE.finditer(text), *PLATE_AFTER_CUE_RE.finditer(text)]
        found += [_finding("number_plate", m, m.lastindex or 0) for m in plates]
    return found


def _case_numbers(text: str) -> list[Finding]:
    return [
        _finding("case_number", match, 2)
        for match in CASE_NUMBER_RE.finditer(text)
        if (match.group(1) or "").lower() not in NOT_CASE_NUMBERS
        and sum(c.isdigit() for c in match.group(2)) >= 4
        and not re.fullmatch(r"(?:19|20)\d\d", match.group(2))
    ]


def _ni_in_context(text: str, taken: list[tuple[int, int]]) -> list[Finding]:
    found = []
    for match in NI_CONTEXT_RE.finditer(text):
        if any(s < match.end(1) and match.start(1) < e for s, e in taken):
            continue
        if NI_STRICT_RE.fullmatch(re.sub(r"[\s-]", "", match.group(1))):
            found.append(_finding("ni_number", match, 1))
    return found


def name_parts(*names: str | None) -> list[str]:
    """Each name and each word of it: "Jo Bell" gives "Jo Bell", "Jo" and "Bell". The peer a
    worker reflected with is named in the entry on purpose (content.NAMING_FIELDS), so the rest
    of the entry may call them by first name or surname without an alarm."""
    parts = []
    for name in names:
        name = " ".join((name or "").split())
        parts += [name, *_WORD_RE.findall(name)] if name else []
    return parts


def scan(text: str, *, allowed_names: Iterable[str] = ()) -> list[Finding]:
    """Every likely identifier in the text, in order of position.

    `allowed_names` are names that are not a privacy risk here: the speakers and authors of
    the library's own material, which a reflection quotes and discusses by name. The caller
    passes them, so this stays a pure function of its arguments.
    """
    allowed = {name.strip().lower() for name in allowed_names if name and name.strip()}
    findings: list[Finding] = []
    words = set(_WORD_RE.findall(text.lower()))
    digits = bool(DIGIT_RE.search(text))
    if digits:  # every number-shaped identifier needs a digit; most prose has few
        findings += _numbers(text, words)
    if "@" in text:
        findings += [_finding("email", m) for m in EMAIL_RE.finditer(text)]
    for match in TITLED_NAME_RE.finditer(text):
        if match.group().split()[-1] not in NOT_SURNAMES:
            findings.append(_finding("titled_name", match))
    findings += _untitled_names(text, allowed, words)
    findings += _places_and_people(text, allowed, words, digits)
    if not lower_first_names().isdisjoint(words):
        findings += _lone_first_names(text, allowed)
    return _outermost(findings)


def _outermost(findings: list[Finding]) -> list[Finding]:
    """The findings in order of position, less any that lies inside another (the first name
    inside "Mrs Sarah Khan", the plate that is also a case number): one warning a detail."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if kept and kept[-1].start <= finding.start and finding.end <= kept[-1].end:
            continue
        kept.append(finding)
    return kept


def _numbers(text: str, words: set[str]) -> list[Finding]:
    """The identifiers written with digits: NHS, NI and phone numbers, postcodes, dates of
    birth, street addresses and case numbers."""
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
    if words & CASE_NUMBER_CUES:
        taken = [(f.start, f.end) for f in findings]
        findings += [
            f for f in _case_numbers(text) if not any(s < f.end and f.start < e for s, e in taken)
        ]
    return findings


def unacknowledged(findings: list[Finding], acknowledged: list[dict]) -> list[Finding]:
    """Findings the author has not confirmed as not identifying (matched on kind and text)."""
    confirmed = {(item.get("kind"), item.get("text")) for item in acknowledged or []}
    return [f for f in findings if (f.kind, f.text) not in confirmed]
