"""What identifiers look like: the patterns and word lists the privacy guard reads.

Kept apart from journal.entries.privacy, which decides what to flag, because these are the
guard's data: each pattern carries the example that made it, and the word lists (first names,
English word frequencies) are loaded once, on first use.
"""

import functools
import re
from importlib import resources

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
def lower_first_names() -> frozenset[str]:
    """The first names in lower case, to tell at once that a text holds none."""
    return frozenset(name.lower() for name in first_names())


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
