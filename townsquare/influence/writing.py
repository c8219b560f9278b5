"""The writing coach (C6): hints on a draft, from the text the person sends and nothing else.

`review(text, kind)` (and `hints(text, kind)`, its list of hints) is pure: it reads no database, writes and logs
nothing, and keeps nothing once it returns (textstat remembers the texts it has seen in its caches; `review`
empties them again). A hint points at the person's own words and says in one line why it might matter; the coach
never hands back a rewritten text. The words stay the person's own.

The checks, each with its thresholds as named constants below:
  length       words against the kind of post (short for the feed, longer for an article)
  sentences    sentences over LONG_SENTENCE_WORDS words
  readability  Flesch reading ease (textstat), named in plain words
  jargon       corporate-speak and wordy phrases from our own list (JARGON), with plain alternatives
  passive      "be" + past participle, a simple heuristic with a short list of irregular participles
  voice        the third person of a press release ("the leadership team is pleased to"), or no "I"/"we" at all
  question     whether the post asks a question or invites a response
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from townsquare.conversations.models import Post
from townsquare.core.validation import clean_text

KINDS: tuple[str, ...] = tuple(Post.Kind.values)
# How the coach names each kind in a sentence.
KIND_NOUNS = {"update": "an update", "question": "a question", "praise": "a praise post", "idea": "an idea",
              "article": "an article"}
KIND_PLURALS = {"update": "Updates", "question": "Questions", "praise": "Praise posts", "idea": "Ideas",
                "article": "Articles"}

# The longest text a post can hold (an article); the coach takes no more than that either.
MAX_CHARS: int = settings.TOWNSQUARE["ARTICLE_MAX_CHARS"]
# The longest post of any other kind (conversations refuses a longer one).
POST_MAX_CHARS: int = settings.TOWNSQUARE["POST_MAX_CHARS"]

# "Social favours the short, sharp and punchy" (the seed text of C6). A feed post is read at a glance: about 120
# words is half a minute's reading. Over twice that, the coach says so more firmly.
WORD_TARGET = {"update": 120, "question": 120, "praise": 120, "idea": 120}
LONG_POST_FACTOR = 2
# An article is the form for longer thinking; under this it reads as an update with a title.
ARTICLE_MIN_WORDS = 150
# Over this an article is a long read for a busy colleague (about ten minutes).
ARTICLE_LONG_WORDS = 2000

# Plain-English guidance puts the average sentence at 15–20 words; past 25 most readers have to go back.
LONG_SENTENCE_WORDS = 25

# Flesch's score needs a few sentences: on one or two it swings wildly, so none is given under this many words.
READABILITY_MIN_WORDS = 20
# Flesch reading ease (0–100, higher is easier), in Flesch's own bands. Under 50 is "hard" (a warning); 50–59
# "fairly hard" (a tip); 60 and over is plain English, which is what we ask for.
HARD_READING_EASE = 50
PLAIN_READING_EASE = 60
READING_BANDS = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"), (50, "fairly hard"),
                 (30, "hard"), (float("-inf"), "very hard"))
# textstat counts English syllables with the CMU pronouncing dictionary, which it downloads with nltk the first
# time it is asked for "en_US" — a network call from the web process that fails on a server without internet
# access (LookupError) and writes into ~/nltk_data. Given the hyphenated form of the same locale, textstat finds
# no dictionary and counts syllables with pyphen's English hyphenation patterns (shipped with pyphen), with the
# English Flesch constants all the same. tests/influence/test_writing.py checks that nothing is downloaded.
TEXTSTAT_LANG = "en-US"

# "Questions draw about twice the replies" (issue 16, PRODUCT.md C6): a post that asks nothing gets a tip once it
# has this many words, so the first words typed are not nagged at.
INVITE_MIN_WORDS = 8
# No "I" or "we" in a text this long reads as a notice rather than a person.
VOICE_MIN_WORDS = 20

# At most this many hints of one kind (the summary counts them all), so a long article is not a wall of tips.
MAX_HINTS_OF_A_KIND = {"jargon": 5, "wordy": 3, "passive": 3, "long_sentence": 3, "press_release": 2}
EXCERPT_CHARS = 60

TIP, WARNING = "tip", "warning"


@dataclass(frozen=True)
class Hint:
    code: str  # stable, for programs: length, too_long_for_kind, readability, long_sentence, jargon, wordy, ...
    level: str  # "tip" or "warning"
    message: str  # one line, plain English
    excerpt: str = ""  # the words it is about, as written (text[start:end], shortened for long sentences)
    start: int | None = None  # where they are in the text as sent (characters)
    end: int | None = None
    alternatives: tuple[str, ...] = ()  # plainer words to consider (jargon and wordy phrases)


@dataclass(frozen=True)
class Review:
    hints: list[Hint]
    words: int
    characters: int
    sentences: int
    longest_sentence: int  # in words
    reading_ease: float | None  # Flesch reading ease within 0–100, None under READABILITY_MIN_WORDS words
    reading_label: str  # READING_BANDS' name for it, "" when there is none
    word_target: int | None  # the kind's WORD_TARGET (None for an article)
    first_person: int  # I, me, my, we, us, our …
    second_person: int  # you, your …
    asks: bool  # asks a question or invites a response
    counts: dict[str, int] = field(default_factory=dict)  # every finding by code, before MAX_HINTS_OF_A_KIND


# --- our word list -------------------------------------------------------------------------------------------
# (pattern, plain alternatives). Patterns are case-insensitive regular expressions matched as whole words.
JARGON: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"leverag(?:e|es|ed|ing)", ("use", "build on")),
    (r"synerg(?:y|ies|istic)", ("working together",)),
    (r"circl(?:e|es|ed|ing) back", ("come back to", "talk again")),
    (r"mov(?:e|es|ed|ing) the needle", ("make a difference",)),
    (r"paradigm(?:s| shifts?)?", ("model", "big change")),
    (r"best[- ]in[- ]class|best[- ]of[- ]breed", ("the best", "leading")),
    (r"going forward|moving forward", ("from now on", "next")),
    (r"utili[sz](?:e|es|ed|ing|ation)", ("use",)),
    (r"low[- ]hanging fruit", ("quick wins", "easy first steps")),
    (r"deep[- ]dives?", ("close look",)),
    (r"bandwidth", ("time",)),
    (r"touch(?:es|ed|ing)? base", ("talk", "check in")),
    (r"actionable", ("practical",)),
    (r"deliverables?", ("results", "what we hand over")),
    (r"stakeholders?", ("the people involved",)),
    (r"value[- ]add(?:ed)?", ("benefit",)),
    (r"holistic(?:ally)?", ("whole", "complete")),
    (r"ecosystems?", ("the people and tools around it",)),
    (r"empower(?:s|ed|ing|ment)?", ("let", "help")),
    (r"incentivi[sz](?:e|es|ed|ing)", ("encourage", "reward")),
    (r"operationali[sz](?:e|es|ed|ing)", ("put into practice",)),
    (r"ideat(?:e|es|ed|ing|ion)", ("come up with ideas",)),
    (r"learnings", ("lessons",)),
    (r"granular(?:ity)?", ("detailed", "detail")),
    (r"think(?:ing)? outside the box", ("think differently",)),
    (r"at the end of the day", ("in the end",)),
    (r"game[- ]changers?", ("big change",)),
    (r"core competenc(?:y|ies|e|es)", ("strengths",)),
    (r"mission[- ]critical", ("essential",)),
    (r"drill(?:s|ed|ing)? down", ("look closer",)),
    (r"align(?:s|ed|ing)? on", ("agree on",)),
    (r"win[- ]win", ("good for both",)),
    (r"boil(?:s|ed|ing)? the ocean", ("try to do everything",)),
    (r"net[- ]net", ("in short",)),
    (r"take (?:this|it|that) offline", ("talk about it separately",)),
    (r"cadence", ("rhythm", "how often")),
    (r"double[- ]click(?:s|ed|ing)? on", ("look closer at",)),
    (r"thought leadership", ("ideas", "expertise")),
    (r"value propositions?", ("what it offers",)),
    (r"impactful", ("effective", "strong")),
    (r"key takeaways?", ("main points",)),
    (r"reach(?:es|ed|ing)? out to", ("contact", "ask")),
)
# Longer ways of saying a short thing.
WORDY: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"in order to", ("to",)),
    (r"at this (?:point|moment) in time", ("now",)),
    (r"due to the fact that", ("because",)),
    (r"in the event that", ("if",)),
    (r"with (?:regard|regards|respect) to", ("about",)),
    (r"in light of the fact that", ("because", "since")),
    (r"for the purpose of", ("to", "for")),
    (r"a (?:large|significant) number of", ("many",)),
    (r"prior to", ("before",)),
    (r"in the near future", ("soon",)),
)
# The third person of a press release or a notice board, where a person is writing to colleagues.
PRESS_RELEASE: tuple[str, ...] = (
    r"(?:is|are) (?:pleased|delighted|proud|happy|excited|thrilled) to (?:announce|share|inform|confirm|report|"
    r"welcome|introduce)",
    r"(?:the|our) (?:senior |executive )?(?:leadership|management|executive|exec) team (?:is pleased|is delighted|"
    r"is proud|has decided|have decided|would like to|wishes to|is committed to)",
    r"(?:the management|the company|the organi[sz]ation|the business|the board|the firm) (?:has decided|"
    r"have decided|would like to|wishes to|is committed to|remains committed to)",
    r"(?:all )?(?:employees|staff|colleagues|team members) are (?:reminded|advised|requested|asked|encouraged|"
    r"invited|expected|required) to",
    r"please be (?:advised|informed|aware) that",
    r"it is (?:announced|noted|requested|expected|hoped) that",
)
# Asking for a response without a question mark.
INVITATIONS: tuple[str, ...] = (
    r"what do you (?:think|reckon)", r"let me know", r"let us know", r"tell me", r"tell us", r"(?:your|any) thoughts",
    r"thoughts welcome", r"(?:i['’]d|i would|we['’]d|we would) love to hear", r"keen to hear", r"happy to hear",
    r"share your", r"comment below", r"reply below", r"drop (?:me )?a (?:comment|line|note)", r"get in touch",
    r"ping me", r"your (?:views|ideas|feedback|experience)", r"feedback (?:is )?welcome", r"ideas welcome",
    r"who else", r"anyone else", r"join (?:us|me)", r"come along", r"reach out",
)

BE_VERBS = r"(?:(?<![\w'’-])(?:am|is|are|was|were|be|been|being)|(?<=\w)['’]re)"
# Past participles that do not end in -ed (a short list: the common ones in work writing).
IRREGULAR_PARTICIPLES = (
    "made", "done", "given", "taken", "seen", "known", "shown", "written", "told", "sent", "built", "found", "held",
    "kept", "left", "lost", "paid", "brought", "bought", "caught", "taught", "thought", "chosen", "driven", "eaten",
    "fallen", "forgotten", "frozen", "hidden", "spoken", "stolen", "sold", "won", "begun", "broken", "drawn",
    "grown", "thrown", "worn", "torn", "understood", "met", "led", "heard", "felt", "meant", "spent", "lent",
    "struck", "hung", "stuck", "dealt", "beaten", "forgiven", "undertaken", "withdrawn", "overseen", "run", "set",
    "put", "cut", "hit", "shut", "read", "said", "sought", "rewritten", "overtaken", "mistaken",
)
# Words ending in -ed that are not participles, and -ed adjectives of feeling that read as active ("I am excited").
NOT_PASSIVE = {
    "need", "seed", "speed", "feed", "bleed", "breed", "greed", "weed", "indeed", "deed", "shed", "hundred",
    "interested", "excited", "pleased", "delighted", "tired", "bored", "worried", "concerned", "surprised",
    "thrilled", "committed", "dedicated", "supposed", "used", "based", "located", "married", "scared", "amazed",
    "impressed", "inspired", "relieved", "confused", "disappointed", "satisfied", "prepared", "involved",
    "engaged", "qualified", "talented", "skilled", "experienced", "motivated", "determined", "convinced",
    "focused", "focussed", "ashamed", "embarrassed", "overwhelmed", "stressed", "annoyed", "frustrated",
}
FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|me|my|mine|myself|we|us|our|ours|ourselves)(?:['’](?:m|ve|d|ll|re|s))?"
                          r"(?![\w'’])", re.IGNORECASE)
SECOND_PERSON = re.compile(r"(?<![\w'’])(?:you|your|yours|yourself|yourselves)(?:['’](?:ve|d|ll|re))?(?![\w'’])",
                           re.IGNORECASE)


def _whole(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


_JARGON = tuple((_whole(p), alts) for p, alts in JARGON)
_WORDY = tuple((_whole(p), alts) for p, alts in WORDY)
_PRESS = tuple(_whole(p) for p in PRESS_RELEASE)
_INVITE = tuple(_whole(p) for p in INVITATIONS)
_PASSIVE = re.compile(
    rf"{BE_VERBS}\s+(?:(?:not|also|all|just|now|then|already|still|never|always|often|being|\w+ly)\s+)"
    rf"{{0,2}}(?P<participle>[a-z]{{2,}}ed|{'|'.join(IRREGULAR_PARTICIPLES)})(?![\w'’-])", re.IGNORECASE)

# Parts of a markdown text that are not prose, masked with spaces of the same length (so offsets still point
# into the text as sent): code, links' addresses, bare URLs and email addresses, list and heading markers, and
# the full stops of common abbreviations (which would end a sentence).
_MASKS = (
    re.compile(r"^(```|~~~)[^\n]*\n.*?(?:^\1[^\n]*$|\Z)", re.MULTILINE | re.DOTALL),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\]\([^)\s]*\)"),
    re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.MULTILINE),
)
_ABBREVIATION = re.compile(r"(?<![\w.])(?:e\.g|i\.e|etc|vs|approx|incl|Mr|Mrs|Ms|Dr|St|No)\.", re.IGNORECASE)
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+[\"'”’)\]]*(?=\s|$)|$)", re.MULTILINE)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _mask(text: str) -> str:
    for pattern in _MASKS:
        text = pattern.sub(_blank, text)
    return _ABBREVIATION.sub(lambda m: m.group(0).replace(".", " "), text)


def _short(text: str) -> str:
    """The first words of `text`, on one line, at most about EXCERPT_CHARS characters."""
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    cut = flat[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return f"{cut}…"


def reading_label(score: float | None) -> str:
    if score is None:
        return ""
    return next(label for floor, label in READING_BANDS if score >= floor)


def check_draft(body: str | None, kind: str | None) -> tuple[str, str]:
    """The text and kind the coach is asked about, or a ValidationError by field with the composer's words."""
    errors: dict[str, list[str]] = {}
    kind = kind or Post.Kind.UPDATE
    if kind not in KINDS:
        errors["kind"] = [f"There is no kind of post called “{_short(str(kind))}”; the kinds are "
                          f"{', '.join(KINDS[:-1])} and {KINDS[-1]}."]
    body = body or ""
    try:
        clean_text(body, what="draft", max_chars=MAX_CHARS, required=False, yours=True)
    except ValidationError as exc:
        errors["body"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    return body, kind


def _textstat():
    # Imported on first use: textstat brings in nltk (and with it scikit-learn), seconds and tens of megabytes
    # that a web process that never coaches should not pay.
    from textstat import backend

    return backend


def _forget(backend) -> None:
    """Empty textstat's caches of the texts it saw (each of its text functions is an lru_cache keyed on the text)."""
    for module in (backend.counts, backend.metrics, backend.selections, backend.transformations, backend.validations):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def review(text: str, kind: str) -> Review:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of post {kind!r}")
    backend = _textstat()
    try:
        return _review(text, kind, backend)
    finally:
        _forget(backend)


def hints(text: str, kind: str) -> list[Hint]:
    return review(text, kind).hints


def _review(text: str, kind: str, backend) -> Review:
    count_words = backend.counts.count_words
    masked = _mask(text)
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(masked)]
    sentences = [(start, end, count_words(masked[start:end])) for start, end in spans]
    sentences = [s for s in sentences if s[2] > 0]
    words = sum(n for _, _, n in sentences)
    # One sentence per span, each ending in one full stop, so textstat's sentences are ours.
    prose = " ".join(re.sub(r"[.!?]+", " ", masked[start:end]).strip() + "." for start, end, _ in sentences)
    ease = None
    if words >= READABILITY_MIN_WORDS:
        # Flesch's formula runs past both ends of its scale for extreme texts; the coach keeps it within 0–100.
        ease = round(min(100.0, max(0.0, backend.metrics.flesch_reading_ease(prose, TEXTSTAT_LANG))), 1)
    found: list[Hint] = []
    counts: dict[str, int] = {}

    def add(hint: Hint) -> None:
        counts[hint.code] = counts.get(hint.code, 0) + 1
        if counts[hint.code] <= MAX_HINTS_OF_A_KIND.get(hint.code, 1):
            found.append(hint)

    def at(start: int, end: int) -> dict:
        return {"excerpt": text[start:end], "start": start, "end": end}

    # length against the kind
    target = WORD_TARGET.get(kind)
    if kind != Post.Kind.ARTICLE and len(text.strip()) > POST_MAX_CHARS:
        add(Hint("too_long_for_kind", WARNING, f"{len(text.strip()):,} characters: {KIND_NOUNS[kind]} holds at most "
                                                f"{POST_MAX_CHARS:,}. Cut it, or make it an article."))
    if target and words > target * LONG_POST_FACTOR:
        add(Hint("length", WARNING, f"{words} words is long for {KIND_NOUNS[kind]}: short posts get read. Aim for about "
                                    f"{target}, or make it an article."))
    elif target and words > target:
        add(Hint("length", TIP, f"{words} words: {KIND_PLURALS[kind].lower()} are read most when short, about {target} words or fewer."))
    elif kind == Post.Kind.ARTICLE and 0 < words < ARTICLE_MIN_WORDS:
        add(Hint("length", TIP, f"{words} words is short for an article: it could go out as an update."))
    elif kind == Post.Kind.ARTICLE and words > ARTICLE_LONG_WORDS:
        add(Hint("length", TIP, f"{words:,} words is a long read: a few lines at the top saying what it brings "
                                "help busy readers."))

    # the voice of a press release
    spans: list[list[int]] = []
    for m in sorted((m for p in _PRESS for m in p.finditer(masked)), key=lambda m: m.start()):
        if spans and m.start() < spans[-1][1]:  # overlapping phrases are one ("the … team is pleased to announce")
            spans[-1][1] = max(spans[-1][1], m.end())
        else:
            spans.append([m.start(), m.end()])
    for start, end in spans:
        add(Hint("press_release", WARNING, f"“{text[start:end]}” sounds like a press release: write as yourself, "
                                           "with “I” or “we”.", **at(start, end)))

    # readability
    if ease is not None and ease < PLAIN_READING_EASE:
        add(Hint("readability", WARNING if ease < HARD_READING_EASE else TIP,
                 f"Reading ease {ease:.0f} of 100 ({reading_label(ease)}): shorter words and sentences make it "
                 "easier to read."))

    # long sentences
    for start, end, n in sentences:
        if n > LONG_SENTENCE_WORDS:
            add(Hint("long_sentence", TIP, f"A sentence of {n} words: try splitting it. Under {LONG_SENTENCE_WORDS} "
                                           "words is easier to follow.", excerpt=_short(text[start:end]),
                     start=start, end=end))

    # passive voice
    for m in _PASSIVE.finditer(masked):
        if m.group("participle").lower() in NOT_PASSIVE:
            continue
        add(Hint("passive", TIP, f"“{text[m.start():m.end()]}” is passive: saying who did it sounds more human.",
                 **at(m.start(), m.end())))

    # jargon and wordy phrases, in the order they appear
    phrases = []
    for code, table in (("jargon", _JARGON), ("wordy", _WORDY)):
        for pattern, alternatives in table:
            m = pattern.search(masked)
            if m:
                phrases.append((m.start(), code, m, alternatives))
    for _, code, m, alternatives in sorted(phrases, key=lambda p: p[0]):
        options = " or ".join(f"“{a}”" for a in alternatives)
        said = text[m.start():m.end()]
        message = (f"“{said}” is corporate-speak: try {options}." if code == "jargon"
                   else f"“{said}” can be shorter: try {options}.")
        add(Hint(code, TIP, message, alternatives=alternatives, **at(m.start(), m.end())))

    # a human voice
    first = sum(1 for m in FIRST_PERSON.finditer(masked) if m.group(0) != "US")
    second = len(SECOND_PERSON.findall(masked))
    if words >= VOICE_MIN_WORDS and first == 0 and "press_release" not in counts:
        add(Hint("no_first_person", TIP, "No “I” or “we” yet: people reply to a person, so say what you think "
                                         "or did."))

    # a question, or an invitation to respond
    asks = "?" in masked or any(p.search(masked) for p in _INVITE)
    if not asks and words >= INVITE_MIN_WORDS and kind != Post.Kind.PRAISE:
        if kind == Post.Kind.QUESTION:
            add(Hint("no_question", TIP, "A question post that asks nothing yet: end with the question you want "
                                         "answered."))
        else:
            add(Hint("no_question", TIP, "No question yet: posts that ask one draw about twice the replies. What "
                                         "would you like to hear back?"))

    found.sort(key=lambda h: h.level != WARNING)  # warnings first; otherwise in the order above
    return Review(
        hints=found, words=words, characters=len(text), sentences=len(sentences),
        longest_sentence=max((n for _, _, n in sentences), default=0), reading_ease=ease,
        reading_label=reading_label(ease), word_target=target, first_person=first, second_person=second,
        asks=asks, counts=counts,
    )

