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

import functools
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import resources

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
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? {MONTH} \d{{4}}"
    rf"|{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})"
)
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORDINALS = [
    *_UNITS,
    *[
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
    ],
    *["eighteenth", "nineteenth", "twentieth", "thirtieth", "thirty-first"],
    *(f"twenty-{unit}" for unit in _UNITS),
]
# "the third of March 2015", "14th June", "2nd of August 2012": after a word that makes it a
# birth date, the year may be left out (a birthday identifies a child in a small team too).
DATE_IN_WORDS = (
    rf"(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?|{'|'.join(sorted(_ORDINALS, key=len, reverse=True))})"
    rf"(?:\s+of)?\s+{MONTH}\b(?:,?\s+\d{{4}})?"
)
DOB_RE = re.compile(
    r"\b(?:D\.?O\.?B\b\.?|date of birth|born(?: on)?|birthday(?: is)?(?: on)?)\s*(?:is|was|:|-)?\s*"
    rf"({DATE}|{DATE_IN_WORDS})",
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
    "partner|boyfriend|girlfriend|fiancé|fiancée|baby|child|toddler|twin|sibling|carer|"
    "guardian|childminder|provider"
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
    Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Professor Prof Reverend Rev Virtual
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())


CAPWORD = r"(?:O['’]|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
PROPER = rf"{CAPWORD}(?:['’]s)?(?:\s+(?:of\s+|on\s+)?{CAPWORD}(?:['’]s)?)*"
# "Kayden (7)", "Ruby (11yrs)", "Isla (aged 5)": a capitalised word with an age in brackets.
NAME_AGE_RE = re.compile(
    rf"\b({NAME})\s*\((?:aged?\s*)?\d{{1,2}}\s*(?:yrs?|years?(?: old)?|y/?o|m(?:on)?ths?)?\)"
)
# "calls him 'Little T'", "goes by Bubba", "known locally as “Smiley”", "nicknamed Tank".
NICKNAME_RE = re.compile(
    r"\b(?i:call(?:s|ed)?(?:\s+(?:him|her|them|me))?|known(?:\s+\w+ly)?\s+as|go(?:es)?\s+by|"
    r"nicknamed?)\s+(?:(['‘\"“])([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)['’\"”]"
    r"|([A-Z][a-z]+)\b(?!\s+[A-Z]))"
)
# "the Hussain children", "the O'Brien girls", "the Okafor family", "the Patterson case".
FAMILY_RE = re.compile(
    rf"\b[Tt]he\s+({CAPWORD})\s+(?:children|kids|siblings|family|families|household|"
    r"brothers|sisters|boys|girls|twins|case|home)\b"
)
# "the Whitakers", "the Bradleys": a plural English text hardly uses as a word (less often
# than about three times in a million words, where "the Adults" or "the Muslims" are far above).
FAMILY_PLURAL_RE = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+s)\b(?!['’]|\s+[A-Z])")
PLURAL_ZIPF = 3.5
SCHOOL_RE = re.compile(
    rf"\b((?:(?:St\.?|Saint)\s+)?{PROPER}\s+(?:(?:RC|CE|C of E|CofE)\s+)?"
    r"(?:Primary|Junior|Infants?|Nursery|High|Secondary|Grammar|Academy|College|School)"
    r"(?:\s+(?:School|Academy))?)\b"
)
STREET = rf"(?:{CAPWORD}\s+){{1,3}}(?:{STREET_TYPES})\b"
GP_SURGERY_RE = re.compile(
    rf"\b((?:{CAPWORD}\s+){{1,3}}(?:Surgery|Medical Centre|Medical Practice|Health Centre)\b"
    rf"(?:(?:,\s*|\s+on\s+){STREET})?)"
)
# "Elm Street, LS9", "Granby Street in M14", "Cedar Close (B23)": a street and its district.
STREET_DISTRICT_RE = re.compile(
    rf"\b({STREET},?\s*(?:in\s+)?\(?[A-Z]{{1,2}}\d{{1,2}}[A-Z]?)\b(?!\s*\d[A-Z]{{2}})"
)
WARD_RE = re.compile(
    r"\b((?:[A-Z][a-z]+\s+Ward|(?i:ward|bay|bed)\s+[A-Z]?\d{1,3}[A-Z]?)"
    r"(?:,?\s+(?i:bed|bay)\s+\d{1,3})?)\b"
)
# "Case ref 4471290", "Mosaic ID 883312", "file no. CP24/0312", "our case number is SC/2023/4411".
CASE_NUMBER_RE = re.compile(
    r"\b(?i:(\w+)\s+)?(?i:ref(?:erence)?|id|no|number|num)\b\.?(?:\s+is)?\s*[:#]?\s*"
    r"((?:[A-Z]{1,4}\d{0,4}/?)?\d[\d/-]*\d)(?![\w/-])"
)
CASE_NUMBER_CUES = {"ref", "reference", "id", "no", "number", "num"}
NOT_CASE_NUMBERS = {"registration", "phone", "mobile", "telephone", "tel", "contact", "nhs"}
HANDLE_RE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# "Snapchat name lilmiss.ruby07", "her snap is tillyboo2011": a handle without its @.
HANDLE_AFTER_APP_RE = re.compile(
    r"\b(?i:snapchat|snap|instagram|insta|tiktok|twitter|facebook|username|user name|gamertag)"
    r"(?:\s+(?i:name|is|was|handle|account))*\s*[:-]?\s*((?=[\w.]*(?:\d|_|\.\w))[A-Za-z][\w.]*[A-Za-z0-9_])"
)
NICKNAME_CUES = {"call", "calls", "called", "known", "go", "goes", "nickname", "nicknamed"}
SCHOOL_CUES = {
    "primary", "junior", "infant", "infants", "nursery", "high", "secondary", "grammar",
    "academy", "college", "school",
}  # fmt: skip
GP_CUES = {"surgery", "medical", "health"}
FAMILY_CUES = {
    "children", "kids", "siblings", "family", "families", "household", "brothers", "sisters",
    "boys", "girls", "twins", "case", "home",
}  # fmt: skip
WARD_CUES = {"ward", "bay", "bed"}
STREET_CUES = {word.lower() for word in STREET_TYPES.split("|")}
APP_CUES = {
    "snapchat", "snap", "instagram", "insta", "tiktok", "twitter", "facebook", "username",
    "user", "gamertag",
}  # fmt: skip
PLATE = r"[A-Z]{2}\d{2}\s?[A-Z]{3}"
PLATE_RE = re.compile(rf"\b{PLATE}\b")
# Typed in lower case, a plate is only believed after a word that introduces one.
PLATE_AFTER_CUE_RE = re.compile(
    r"\b(?i:reg(?:istration)?|plate)\b\.?(?:\s+(?i:no\.?|number|is|was))?\s*[:-]?\s*"
    rf"((?i:{PLATE}))\b"
)
# A first name standing alone: capitalised, not part of a longer proper noun.
LONE_WORD_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)(?:['’]s?)?(?![\w'’-])")
SENTENCE_START_RE = re.compile(r"(?:[.!?][\"'”’)]*\s+|\n[\s*•-]*)$")
# Words after which a capitalised word is a place ("in Dudley"), and words a name opening a
# sentence is not followed by: it is the subject, and its verb comes next ("Grace under...").
PLACE_WORDS = {"in", "at", "from", "near", "around", "outside", "across", "via", "into"}
ARTICLES = {"the", "a", "an"}  # "at the General", "a Golf": no one writes "the Chloe"
NOT_AFTER_SUBJECT = {
    "of", "in", "on", "at", "to", "for", "with", "under", "over", "the", "a", "an", "from",
    "by", "about", "into", "after", "before", "day", "week", "time",
}  # fmt: skip
# How common a sentence-opening word is in English (wordfreq's Zipf scale) decides how much
# it takes to read it as a name; mid-sentence, a capital says it is a name.
COMMON_WORD_ZIPF = 5.0
SUBJECT_NEEDS_A_VERB_ZIPF = 4.0
SUBJECT_VERBS = {
    "is", "was", "has", "had", "does", "did", "will", "would", "can", "could", "and", "seems",
    "seemed", "looked", "goes", "went", "came", "drew", "showed", "cried", "hit", "says",
} | set(SPEECH.split("|"))  # fmt: skip


@functools.cache
def _lower_first_names() -> frozenset[str]:
    """The first names in lower case, to tell at once that a text holds none."""
    return frozenset(name.lower() for name in first_names())


def preload() -> None:
    """Read the first names and the word frequencies now: a web worker does at start-up,
    before it freezes its heap, rather than on someone's first save (they take a second,
    and left for the garbage collector to walk, they slow every full collection)."""
    _lower_first_names()
    english_frequency("the")


@functools.cache
def english_frequency(word: str) -> float:
    """How common a word is in English, on wordfreq's Zipf scale (about 7 for "the", 3 for a
    word seen once in a million). wordfreq is imported here, on first use: importing it and
    reading its list take a second, which a process that never scans should not pay."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


@functools.cache
def first_names() -> dict[str, int]:
    """The first names of gender-guesser's dictionary (its nam_dict.txt: some 37,000 names
    from over fifty countries, since families in England come from everywhere), each with
    its frequency where it is most common (1, rare, to 13)."""
    names: dict[str, int] = {}
    data = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            # Lines with "+" in column 30 repeat a name with its umlauts expanded.
            if line[0] in "#=" or line[29:30] == "+":
                continue
            name = line.split()[1]
            frequency = max((int(c, 16) for c in line[30:85] if c.isalnum()), default=1)
            if "+" not in name:
                names[name] = max(frequency, names.get(name, 0))
    return names


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
    if not _lower_first_names().isdisjoint(words):
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
