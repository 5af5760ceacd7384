"""Where a text names a standard of this framework ("standard 6", "6.3" where it talks about the
standards), and which of a passage's sentences frame it (introductions, biographies, thanks,
trailers and sign-offs), neither evidence nor a reference.
"""

import re

from corpus.cues import SENTENCE_RE

# "standard 6", "standards 2.4 and 2.5", "professional standard 6.3", "standard 2.4, 2.5 or 3"
REFERENCE_RE = re.compile(
    r"\bstandards?\s+((?:\d{1,2}(?:\.\d{1,2})?)(?:\s*(?:,|and|&|or|to)\s*\d{1,2}(?:\.\d{1,2})?)*)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})?")
# A bare "6.3" counts only when the text is about standards.
BARE_STATEMENT_RE = re.compile(
    r"(?<![\d.£$:])\b([1-6])\.(\d{1,2})\b(?![\d.]*\s*(?:million|billion|%|per cent|km|kg|m\b))"
)
STANDARDS_CONTEXT_RE = re.compile(r"\b(standards?|statements?)\b", re.IGNORECASE)
# A sentence naming another framework: its numbers and "standards" are that framework's.
OTHER_FRAMEWORK_RE = re.compile(
    r"\b(PCF|Professional Capabilities Framework|Knowledge and Skills|KSS|Post-Qualifying|"
    r"SSSC|Scottish Social Services Council|Codes? of Practice|BASW|HCPC|IFSW)\b",
    re.IGNORECASE,
)
# A section number opening a heading or a paragraph ("2.1 BASW's refreshed ...", "4.1 Signs of
# Safety") numbers the document, not a standard.
SECTION_NUMBER_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z‘'\"“]")

# A passage that opens by framing the conversation (a greeting, an introduction, a biography) is
# not evidence of anything, whatever it goes on to mention.
INTRODUCTION_RE = re.compile(
    r"\b(welcome(?: to|,| everybody| everyone| back)|hi,? (?:i'?m|welcome|everyone)|"
    r"introduce (?:yourself|yourselves|myself)|my name(?:'s| is)|"
    r"(?:i'?m|we'?re|we are|i am) (?:joined|really pleased to join)|joined (?:today )?by|"
    r"(?:we'?ve|we have) got (?:[a-z]+ ){0,3}(?:guests?|people|speakers?|panel[a-z]*) "
    r"(?:with us |here |joining us )?today|(?:with|joining) us today|"
    r"in this (?:episode|series|podcast)|today'?s (?:podcast|episode)|this (?:special )?report|"
    r"shares? (?:her|his|their) (?:own )?experiences?|we (?:also )?discuss|top tips|"
    r"bit of background|background about myself|my background|(?:my|that) (?:social work )?career|"
    r"career change|i (?:have )?(?:been )?qualified|i'?ve been qualified|i (?:studied|volunteered)|"
    r"i(?:'ve| have)? (?:then |later |also )?worked (?:for|in|as|at)|i work for|"
    r"i only ever worked|i (?:then |later )?(?:transitioned|moved) (?:in)?to|"
    r"(?:been|being|was|got) (?:[a-z]+ ){0,2}appointed (?:as|to)|"
    r"throughout my studying|i did (?:my |statutory )?placements?|"
    r"i'?m (?:the|a|an) (?:[a-z-]+ ){0,5}(?:manager|worker|lead|officer|chair|director|member))\b",
    re.IGNORECASE,
)
# Sentences of thanks, trailers and sign-offs: neither evidence nor an explicit reference.
SIGN_OFF_RE = re.compile(
    r"\b(thanks?(?: you)?(?: again| so much| very much| both| all| everybody|,? for (?:joining|"
    r"listening|having|inviting|taking the time|being with))|thank you (?:to|both|so much|"
    r"very much|for)|follow us|join us|see you (?:soon|next)|hope you(?:'ve| have)? enjoy|"
    r"subscribe|hashtag|our website|(?:next|last) episode|show notes|sponsored by|"
    r"brought to you by|(?:leave|give) us a (?:review|rating)|link (?:is )?in the description)\b",
    re.IGNORECASE,
)


def _references(text: str) -> list[tuple[str, str | None, str]]:
    """(standard, statement or None, the words naming it) for each reference, in order."""
    found: list[tuple[str, str | None, str]] = []

    def add(number: str, words: str) -> None:
        standard, _, statement = number.partition(".")
        if not 1 <= int(standard) <= 6:
            return
        if not any(f[:2] == (standard, number if statement else None) for f in found):
            found.append((standard, number if statement else None, words))

    for match in REFERENCE_RE.finditer(text):
        for number in NUMBER_RE.findall(match.group(1)):
            add(number, match.group().strip())
    if STANDARDS_CONTEXT_RE.search(text):
        for match in BARE_STATEMENT_RE.finditer(text):
            add(f"{match.group(1)}.{match.group(2)}", match.group())
    return found


def explicit_references(text: str) -> list[tuple[str, str | None]]:
    """Standards and statements a text names, in order, without repeats."""
    return [(standard, statement) for standard, statement, _ in _references(text)]


def content_of(text: str) -> str:
    """What a passage says: nothing for an introduction or a biography, otherwise the passage
    without its sentences of thanks, trailers and sign-offs."""
    sentences = [sentence for sentence in SENTENCE_RE.split(text) if sentence.strip()]
    if any(INTRODUCTION_RE.search(sentence) for sentence in sentences[:2]):
        return ""
    return " ".join(sentence for sentence in sentences if not SIGN_OFF_RE.search(sentence))


def passage_references(text: str, *, questions: bool = True) -> list[tuple[str, str | None, str]]:
    """References to this framework in a passage: not in its framing sentences, not a section
    number, not in a sentence naming another framework, and not in a question when `questions`
    is false (a short turn asking "Matthew, your thoughts on standard 2?" hands the floor over;
    the answer is what says something about it)."""
    if SECTION_NUMBER_RE.match(text) and not REFERENCE_RE.match(text.strip()):
        text = SECTION_NUMBER_RE.sub(" ", text, count=1)
    found = []
    for sentence in SENTENCE_RE.split(content_of(text)):
        if OTHER_FRAMEWORK_RE.search(sentence) or (
            not questions and sentence.rstrip().endswith("?")
        ):
            continue
        for reference in _references(sentence):
            if not any(f[:2] == reference[:2] for f in found):
                found.append(reference)
    return found
