"""Parsing a Hacker News "Who is hiring?" comment into posting fields.

The convention is a pipe-separated first line: `Company | Role(s) | Location | Remote | Salary | URL`,
in any order after the company, followed by free text. `parse_hn_comment` splits that line, recognises
which part is which (location, remote, pay, URL, role), and keeps the whole text as the description.
Pure functions: used by the HN file mappings and the live HN source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import chain, pairwise

_BREAKS = re.compile(r"<\s*(p|br)\s*/?>|</p>|\n", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
# " - " / " – " between two figures is a range ("$125,000 - $205,000"), not a separator.
_SEPARATORS = re.compile(r"\s*\|\s*|\s+[•·]\s+|\s+//\s+|(?<![\d kK])\s+[-–—]\s+|(?<=[\d kK])\s+[-–—]\s+(?![$€£]?\s?\d)")
_PAY = re.compile(
    r"([$€£¥₹]\s?\d[\d,.]*\s?[kK]?)|(\d[\d,.]*\s?[kK]?\s?(USD|EUR|GBP|CAD|AUD|CHF|SEK|INR))|(\b\d{2,3}\s?[kK]\b)"
    r"|(\bequity\b)",
)
_URL = re.compile(r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(com|io|ai|co|org|net|dev|app|so|xyz)\b", re.IGNORECASE)
_REMOTE = re.compile(r"\bremote\b|\bwfh\b|\bdistributed\b|\banywhere\b", re.IGNORECASE)
_ONSITE = re.compile(r"\bon-?site\b|\bin[- ]office\b|\bonsite\b|\bhybrid\b", re.IGNORECASE)
_LOCATION_HINT = re.compile(
    r"\b(SF|NYC|NY|LA|USA?|UK|EU|EMEA|APAC|Europe|Canada|Germany|London|Berlin|Paris|Amsterdam|Toronto|"
    r"San Francisco|New York|Seattle|Austin|Boston|Chicago|Denver|Remote|Bay Area|Tokyo|Singapore|Sydney|"
    r"Bangalore|Tel Aviv|Dublin|Zurich|Stockholm|Munich|Vancouver|Montreal|Los Angeles|Washington|Atlanta|"
    r"Miami|Portland|Philadelphia|Pittsburgh|Palo Alto|Mountain View|Menlo Park|Oakland|Cambridge|"
    r"[A-Z][a-z]+,\s?[A-Z]{2})\b"
)
_ROLE_HINT = re.compile(
    r"engineer|developer|scientist|designer|manager|\blead\b|head of|architect|analyst|researcher|"
    r"devops|\bsre|\bintern(?:s|ship)?\b|director|product|marketing|sales|recruiter|writer|support|specialist|\bcto|"
    r"\bvp\b|founding|full[- ]?stack|front[- ]?end|back[- ]?end|\bml\b|\bai\b|\bdata\b|\bios|android|\bqa\b",
    re.IGNORECASE,
)


# Nouns that make a phrase a job title (stronger than _ROLE_HINT, which also takes "data", "product" ...).
_ROLE_NOUN = re.compile(
    r"(?<![.\w])(?:engineers?|developers?|devs?|programmers?|scientists?|designers?|managers?|leads?|architects?|"
    r"analysts?|researchers?|swes?|sres?|mles?|sdes?|sdets?|interns?|internships?|directors?|recruiters?|writers?|"
    r"marketers?|"
    r"specialists?|consultants?|administrators?|technicians?|generalists?|cto|cfo|coo|vp|head\s+of|"
    r"member\s+of\s+technical\s+staff|mts|sdrs?|bdrs?|account\s+executives?|scrum\s+master|"
    r"product\s+owner|hackers?|ninjas?|devops|executives?|representatives?|strategists?|coordinators?|"
    r"(?:ph\.?d\.?|doctoral|postdoc(?:toral)?|research|faculty|tenure[- ]track|teaching)\s+positions?|"
    r"postdocs?|(?:research|teaching|postdoctoral|clinical|graduate|engineering)\s+fellows?|fellowships?|"
    r"(?:technical|tech|engineering)\s+co-?founders?)\b(?!\.\w)",
    re.IGNORECASE,
)
# Header parts that state terms, not a role: "RELOCATION SUPPORT", "VISA SPONSORSHIP", "Full-Time or Intern".
_TERMS_PART = re.compile(
    r"^\W*(?:relocation|visa|sponsorship|h-?1b)\b|^(?:\W|\b(?:full|part|half)[- ]?time\b|\bcontract(?:or)?s?\b|"
    r"\bintern(?:ship)?s?\b|\bor\b|\band\b)+$", re.IGNORECASE)
# A phrase that names roles only in general ("Multiple positions", "a number of positions"): no title.
_GENERIC = re.compile(
    r"^(?:(?:a|an|the|our|number|of|multiple|several|many|various|open|all|other|new|some|few|two|three|four|"
    r"five|for|\d+)\s+)*(?:positions?|roles?|openings?|jobs?)(?:\s*#?\d+)?$", re.IGNORECASE)
# Nouns that name a role only where a role is expected (a header part, "looking for a ...", "Role: ..."): elsewhere
# they name people or things ("Backed by LinkedIn co-founder ...", "15% of US Teachers", "Coder's ... Environment").
_ROLE_NOUN_WEAK = re.compile(
    r"(?<![.\w])(?:officers?|evangelists?|teachers?|instructors?|tutors?|mentors?|testers?|coders?|sysadmins?|"
    r"apprentices?|associates?)\b(?!['’]s\b)(?!\.\w)",
    re.IGNORECASE,
)
# "positions and internships in diverse roles": roles in general first.
_GENERIC_START = re.compile(r"(?:positions?|roles?|openings?|jobs?|opportunit(?:y|ies))\b", re.IGNORECASE)
_ROLE_AT_END = re.compile(_ROLE_NOUN.pattern.rstrip() + r"(?:\s*\([^)]*\))?$", re.IGNORECASE)
_MAX_TITLE = 100
_SCAN_LINES = 40
# Where a title line's head ends: a dash, bar, pay, bracket, colon, URL or " at " ("Senior Manager, Security
# Engineering - $230k - https://..."); a comma ends it only before a location, terms or a further role (_comma_cut).
_HEAD_SPLIT = re.compile(r"\s+[|–—@]\s+|\s+-\s+|\s\(|(?<=\w)\(|:\s|\bhttps?://|www\.|\s*\||\s*[$€£]|\s+at\s+")
_COMMA = re.compile(r",\s+")
# Pieces of a first line without bars: commas (not inside brackets: "Engineer (Python, Django)"), dashes, slashes.
_PIECE_SPLIT = re.compile(r",\s(?![^()]*\))|\s[-–—]+\s|\s\|\s|\s//\s")
_LOOSE_SPLIT = re.compile(r",\s|\s[-–—]+\s|\s\|\s|\s//\s")
_BRACKETED = re.compile(r"\s*\([^()]*\)")  # an aside in brackets: "(Python, Django)"
_LIST_NUMBER = re.compile(r"^\s*\((?:\d{1,2}|[a-z])\)\s*")  # "(1) ", "(a) "
# The end of a sentence inside a header part ("Genomic search and data platform. San Francisco"), not "Sr. ".
_SENTENCE_END = re.compile(r"(?:[a-z]{4}|\))\.\s")
_COLON = re.compile(r"\s?:\s")
_HEAD_STRIP = " :*-•.,=#"
_AT = re.compile(r"\s+(?:at|@|in)\s+")
# A head cut mid-sentence ("Acme recently raised a"): it ends on a function word.
_OPEN_END = re.compile(r"\b(?:a|an|the|to|of|for|and|or|with|in|on|our|your|is|are|has|have|was|we|by)$",
                       re.IGNORECASE)
# A list that is not of roles: "across the board, especially engineers", "number of Java Development, ...".
# A line that continues a sentence from the line before ("of our developers"): it opens on a function word.
_OPEN_START = re.compile(r"(?:of|to|in|on|and|or|for|with|by|as|at|from)\b")
_NOT_A_LIST = re.compile(r"^(?:across|in|at|of|on|with|from|number|variety|range|lot|bunch|all|both)\b",
                         re.IGNORECASE)
_PRONOUN_START = re.compile(
    r"(?:we|i|i'm|you|your|our|us|they|this|that|if|hey|hi|hello|it|he|she|my|be|join|apply|come|help|work|"

    r"email|contact|send|please|see|check|ask|about|all|no|not|don.t)\b", re.IGNORECASE)
_LABEL = re.compile(
    r"^[\W_]{0,6}(?:role|roles|title|job\s+title|position|positions|open\s+roles?|hiring|we're\s+hiring|now\s+hiring|"
    r"looking\s+for|seeking)\s*[:\-–]\s*(.+)$",
    re.IGNORECASE,
)
_HIRING = re.compile(
    r"\b(?:is|are|we're|we\s+are|now|currently)\s+hiring(?:\s+for)?\s*[-:–]?\s+(?!\s*$)(.+)", re.IGNORECASE
)
_SEEKING = re.compile(
    r"\b(?:looking\s+(?:for|to\s+hire)|seek(?:s|ing)(?!\s+to\b)|searching\s+for|recruiting\s+for|hiring|to\s+hire|bring\s+on|"
    r"on\s+the\s+lookout\s+for|wants?\s+to\s+hire|(?:needs?|requires?)(?=\s+(?:an?|more|another|two|three)\s)|"
    r"(?:we|i)\s+(?:need|want)(?=\s+(?!to\b|you\b|your\b|it\b|them\b|this\b|that\b|people\b|is\b|are\b)\w)|"
    r"(?:openings?|positions?|roles?|vacanc(?:y|ies))\s+for)\s+(.+)", re.IGNORECASE
)
# A full stop that ends a phrase: not "Sr." / "Node.js" / ".NET", but "developers.We are" (a missing space).
_FULL_STOP = r"(?<!\b[SsJj]r)(?<!\b[Ss]nr)\.(?:(?!\w)|(?=(?!Net\b)[A-Z][a-z]))"
_PHRASE_END = re.compile(
    r"\s+(?:to|in|at|for|who|with|as|that|so|including|from|on(?!\s+[Rr]ails)|and\s+(?:more|others)|because|which|"
    r"whose|like|out\s+of|interested|passionate\s+about|looking|willing|comfortable|eager|excited|keen|able|"
    r"preferably|well[- ]versed|are|is|and\s+(?:also|you|are|want|would|have|love|can|enjoys?))\b"
    rf"|[|;!?…(\[]|{_FULL_STOP}|\s[-–—]\s|:\s|,\s|\s[$€£]|\bhttps?://"
)
# Where a list of roles ends ("ML, Design, and Product Engineers to build ..."): _PHRASE_END without the comma
# and "and" breaks, which a list needs.
_LIST_END = re.compile(
    r"\s+(?:to|in|at|for|who|with|as|that|so|including|from|on(?!\s+[Rr]ails))\b"
    rf"|[|;!?…(\[]|{_FULL_STOP}|\s[-–—]\s|:\s|\s[$€£]|\bhttps?://"
)
# Roles named in general before the ones meant: "a number of positions including sales and software engineers",
# "for a couple roles: mobile dev (iOS), ...".
_GENERAL_LEAD = re.compile(
    r"^(?:for\s+)?(?:an?\s+)?(?:(?:number|variety|range|few|couple|lot|bunch)\s+(?:of\s+)?)?(?:open\s+)?"
    r"(?:positions|roles|openings|people|talent)(?:\s*,?\s*(?:including|such\s+as|like|especially)\s+|:\s+)"
    r"|^(?:candidates|people|talent|folks)\s+(?:for|as)\s+", re.IGNORECASE)
# "the position of Systems Engineer": the role it names.
_POSITION_OF = re.compile(r"^(?:the\s+)?(?:positions?|roles?)\s+of\s+", re.IGNORECASE)
# "As a Solutions Architect you will ...", "If you're a great full stack engineer": a sentence naming the reader's role.
_AS_ROLE = re.compile(r"(?:^|[.!]\s+)As\s+(?:an?|the|our)\s+(.+)|\byou(?:'re|’re|\s+are)\s+an?\s+(.+)")
_SEEKING_START = re.compile(r"^(?:looking\s+(?:for|to\s+hire)|seeking|searching\s+for)\s+(.+)", re.IGNORECASE)
# "Hiring a DevOps Engineer" as a title line: the role without the verb.
_HIRING_START = re.compile(r"^hiring(?:\s+for)?\s+(?:an?\s+)?(?=\S)", re.IGNORECASE)
_LIST_START = re.compile(r"^(?:and|or|&)\s", re.IGNORECASE)
# Words before a role that are not part of its title: "a full time, in house back end developer", "another sysadmin".
_PHRASE_START = re.compile(r"^(?:(?:for|an?|the|our|multiple|several|two|three|many|some|new|first|another|more|soon|"
                           r"(?:full|part)[- ]?time|in[- ]?house),?\s+(?!(?:and|or|&)\s))+", re.IGNORECASE)
# One or more bullet marks ("- → Is a strong writer"); possessive, so a line of marks alone fails at once.
_BULLET = re.compile(r"^(?:(?:[-*•·–—>+→➔➜➤►▶▸‣◦▪■✓✔\ufe0e\ufe0f]|\d{1,2}[.)])\s*)++(.+)$")
# A bullet stating a requirement, not a role: "Is a strong writer", "Track record as ...", "Strong DevOps experience",
# "Scrum Master certification", "DevOps experience" (but "Data Scientist with search experience" is a role).
_REQUIREMENT = re.compile(
    r"^(?:is|are|has|have|had|can|strong|proven|solid|excellent|experience|track\s+record|knowledge|"
    r"familiarity|ability|understanding|background|expertise|proficien\w*|\d+\+?\s*(?:years?|yrs?))\b"
    r"|\b(?:certifications?|certificates?|degree|licen[cs]e)$"
    r"|^(?!.*\s(?:with|w/|of)\s).*\b(?-i:experience|skills?|knowledge|expertise)$",
    re.IGNORECASE)
# A line announcing that roles follow on the next lines ("We're hiring across:", "hiring for two roles:").
_ROLES_CUE = re.compile(
    r"\b(?:hiring|recruiting)\b[^:]{0,40}:$|\b(?:roles|positions|openings|vacancies)\b[^:]{0,20}:$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HNPosting:
    """Fields recovered from one comment; None where the comment does not say."""

    company: str | None
    title: str | None
    location: str | None
    remote: bool | None
    salary_text: str | None
    url: str | None
    description: str


def html_to_text(comment_html: str) -> str:
    """HN comment HTML to plain text: paragraphs become newlines, entities decoded, tags dropped."""
    text = _BREAKS.sub("\n", comment_html)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_hn_comment(comment_html: str) -> HNPosting:
    """Split the header line of a hiring comment into company, role, location, remote, pay and URL.

    When the header names no role, the role is looked for in the rest of the text (see _title_from_text).
    """
    text = html_to_text(comment_html)
    first_line = text.split("\n", 1)[0].strip()
    parts = [_clean_part(p) for p in _SEPARATORS.split(first_line) if p and _clean_part(p)]
    if len(parts) < 2:
        return HNPosting(None, _title_from_text(first_line, text), None, _remote_flag(first_line),
                         _pay_in(first_line), _url_in(first_line), text)
    company = parts[0][:200]
    title = location = salary = url = None
    strong = next((p for p in parts[1:] if _is_role_part(p)), None)
    for part in parts[1:]:
        if url is None and _URL.fullmatch(part.strip()):
            url = part.strip()
        elif part is strong:
            title = _role_phrase(part) if _PAY.search(part) else part
            title = title or part
        elif salary is None and _PAY.search(part) and not _ROLE_HINT.search(part):
            salary = part
        elif (title is None and strong is None and _ROLE_HINT.search(part) and len(part) <= _MAX_TITLE
              and not _LOCATION_HINT.match(part) and not _REMOTE.match(part) and not _ONSITE.match(part)
              and not _TERMS_PART.search(part) and not _is_sentence(part)
              and not _SENTENCE_END.search(part)):
            title = part
        elif location is None and (_LOCATION_HINT.search(part) or "," in part) and not _REMOTE.fullmatch(part):
            location = part
    first = parts[0]
    if (title is None and _ROLE_AT_END.search(first) and not _LOCATION_HINT.search(first) and not _is_sentence(first)
            and not _URL.fullmatch(first) and not _GENERIC.match(first) and not _names_site(first, first_line)):
        # "Role | Company | ...": the role came first; "Hiring a Data Scientist - Acme - ...": the role it names
        title = _sought_role(first) if _SEEKING.search(first) else first
        company = next((p for p in parts[1:] if not (_URL.fullmatch(p) or _PAY.search(p) or _REMOTE.search(p)
                                                    or _ONSITE.search(p) or _LOCATION_HINT.search(p))), company)[:200]
    if title is None:
        title = _title_from_text(first_line, text)
    remote = _remote_flag(first_line)
    if location is None and remote:
        location = "Remote"
    return HNPosting(company, title and title[:300], location and location[:200], remote,
                     salary or _pay_in(first_line), url or _url_in(first_line), text)


def _clean_part(part: str) -> str:
    """A header part without padding, brackets around it, or a bracket left unclosed by the split."""
    part = part.strip(" []")
    if part.startswith("(") and part.endswith(")"):
        part = part[1:-1]
    if part.count("(") != part.count(")"):
        part = part.strip("()")
    return part.strip()


def _is_role_part(part: str) -> bool:
    """A header part that names a role: a role noun, not a URL, place (also "San Francisco (H1B, INTERN)"), terms,
    a role in general or a sentence ("I'm Ana, founder of Acme. We build tools for architects")."""
    return (len(part) <= _MAX_TITLE and _role_noun_in(part) and not _URL.fullmatch(part)
            and not (_LOCATION_HINT.match(part) and not _role_noun_in(_BRACKETED.sub("", part)))
            and not _LOCATION_HINT.fullmatch(part) and not _TERMS_PART.search(part) and not _GENERIC.match(part)
            and not _is_sentence(part))


def _role_noun_in(phrase: str) -> bool:
    """A phrase where a role is expected names one: a role noun, or a noun that is a role there ("Course Mentor")."""
    return _ROLE_NOUN.search(phrase) is not None or _ROLE_NOUN_WEAK.search(phrase) is not None


def _names_site(part: str, line: str) -> bool:
    """The part is the name of the site the line links to, so a company ("Coder | https://coder.com")."""
    url = _url_in(line)
    name = re.sub(r"\W", "", part.lower())
    return bool(url and name and name in url.lower())


def _is_sentence(part: str) -> bool:
    """A header part that is prose, not a label: it opens with a pronoun or the like and runs on."""
    return bool(_PRONOUN_START.match(part)) and (". " in part or len(part.split()) > 10)


def _title_from_text(first_line: str, text: str) -> str | None:
    """A role named outside a pipe header, first found of: a "Role:" / "Title:" / "Positions:" line; a role
    in the first line ("Acme, London, Software Engineer", "X is hiring a Senior Backend Engineer"); the first
    bullet or line that starts with a role title; "we're looking for a <role>" in the opening lines."""
    lines = [line.strip() for line in text.split("\n")[:_SCAN_LINES] if line.strip()]
    for line in lines:
        label = _LABEL.match(line)
        title = _labelled_role(label.group(1)) if label else None
        if title:
            return title
    hiring = _HIRING.search(first_line[:300])
    listed = _role_list(hiring.group(1)) if hiring else None
    if listed:
        return listed  # "Weave Is Hiring ML, Design, and Product Engineers": the whole list, not its tail
    pieces = [p.strip() for p in _PIECE_SPLIT.split(first_line)]
    loose = (p.strip() for p in _LOOSE_SPLIT.split(first_line)[1:])  # "Acme (Designer, Engineer)": inside brackets
    for piece in chain(pieces[1:], loose):  # too; split only when no bracket-aware piece is a role
        if (_ROLE_AT_END.search(piece) and len(piece.split()) <= 6 and not _TERMS_PART.search(piece)
                and piece.count("(") == piece.count(")")
                and not _LIST_START.match(piece) and not _GENERIC.match(piece)):
            return piece
    # The first piece is usually the company; it is the role when it is a plain title and no later piece is one
    # ("Full-Stack Engineer (Python / React) , Remote"), not "Acme: Designer", "Acme is hiring ...", "Acme (Dev",
    # nor the name of the site the line links to ("Coder | https://coder.com").
    first = _AT.split(pieces[0], 1)[0]  # "Data Scientists at Acme", "UI Developer in Singapore": the role before it
    if (_ROLE_AT_END.search(first) and len(first.split()) <= 6 and ":" not in first and not _SEEKING.search(first)
            and first.count("(") == first.count(")") and not _PRONOUN_START.match(first)
            and not _SEEKING_START.match(first) and not _TERMS_PART.search(first) and not _GENERIC.match(first)
            and not _names_site(first, first_line)):
        return first
    colon = _colon_role(first_line)
    if colon:
        return colon
    generic = None
    for line in lines[:6]:
        hiring = _HIRING.search(line[:300])
        title = _role_phrase(hiring.group(1)) if hiring else None
        if title and len(title.split()) > 1:
            return title
        generic = generic or title
    for line in lines[1:]:
        bullet = _BULLET.match(line)
        head = _line_head(bullet.group(1) if bullet else line)
        seeking = _SEEKING_START.match(head)
        if seeking:  # "Looking for a DevOps Engineer!" -> the role it names
            title = _role_phrase(seeking.group(1))
            if title:
                return title
            continue
        if not _HIRING_START.match(head) and _sought_role(head):  # "Acme is looking for Node.JS developers."
            continue  # a sentence: the role it names is read below (_sought_role), after the title lines
        if (2 < len(head) <= 70 and (len(head.split()) <= 7 or _is_long_title(head)) and _names_a_role(head)
                and (bullet or head[0].isupper() or len(line) <= 80)
                and not head.endswith("?") and not _OPEN_END.search(head) and not _OPEN_START.match(head)):
            hiring_line = _HIRING_START.match(head)  # "Hiring Full-Stack Engineers. Shoot me an email"
            return (_role_phrase(head[hiring_line.end():]) or head) if hiring_line else head
    if generic:
        return generic
    for line in lines[:12]:
        title = _sought_role(line[:400])
        if title:
            return title
    return _cued_role(lines) or _as_role(lines[:12])


_TITLE_SMALL_WORDS = frozenset(("and", "or", "of", "to", "in", "on", "for"))


def _is_long_title(head: str) -> bool:
    """A head of 8-10 words that is still a title: in title case and ending on its role noun
    ("Full Stack Web Developer & Senior Java Developer"), not a sentence ("iRobot is looking for ... engineers")."""
    words = head.split()
    return (len(words) <= 10 and _ROLE_AT_END.search(head) is not None
            and all(not word[0].isalpha() or any(c.isupper() for c in word) or word in _TITLE_SMALL_WORDS
                    for word in words))


def _as_role(lines: list[str]) -> str | None:
    """The role a sentence gives its reader: "As a Solutions Architect you will ...", "If you're a ... engineer"."""
    for line in lines:
        found = _AS_ROLE.search(line[:400])
        chunk = re.split(r"\s+you\b", found.group(1) or found.group(2), maxsplit=1)[0] if found else ""
        title = _role_phrase(chunk) or _role_list(chunk)
        if title and _ROLE_AT_END.search(title):
            return title
    return None


def _sought_role(line: str) -> str | None:
    """The role a line says is sought ("looking for a ...", "we need a ..."), trying each such phrase in turn
    ("We need a few things, ... looking for engineers")."""
    seeking = _SEEKING.search(line)
    while seeking:
        chunk = _POSITION_OF.sub("", _GENERAL_LEAD.sub("", seeking.group(1)))
        title = _role_phrase(chunk) or _role_list(chunk)
        if title:
            return title
        seeking = _SEEKING.search(line, seeking.start(1))
    return None


def _colon_role(first_line: str) -> str | None:
    """The role of a first line in colon fields: "Acme: Lead Designer", "CodeHS: Software Engineer in San Francisco",
    "Full Stack Web Developer: Tools Teams" (the role first)."""
    fields = _COLON.split(first_line, 4)  # the first four fields (and the rest) are all it reads
    for i, field in enumerate(fields[:4] if len(fields) > 1 else []):
        if i == 0:
            title: str | None = field.strip().strip(_HEAD_STRIP)
            if title and _LOCATION_HINT.search(title):
                continue  # "Washington, DC, INTERN: ..." names a place and terms
        else:
            title = _role_phrase(_HIRING_START.sub("", _SEEKING_START.sub(r"\1", field)))
        if (title and _ROLE_AT_END.search(title) and len(title.split()) <= 6 and not _PRONOUN_START.match(title)
                and not _HIRING.search(title) and not _TERMS_PART.search(title) and not _GENERIC.match(title)
                and not _LABEL.match(f"{title}: x")):
            return title
    return None


def _labelled_role(value: str) -> str | None:
    """The role a "Positions:" label gives: the first of its comma-separated items that is a role
    ("Director of Security Research, Security Engineer (Penetration Tester)" -> the second)."""
    for item in _COMMA.split(value):
        title = _role_phrase(item)
        if title:
            return title
        if len(item.split()) == 1 and item[:1].isupper():
            return None  # "Frontend, Backend, System, Data Scientist": areas listed, not titles
    return None


def _names_a_role(head: str) -> bool:
    """A line head that names a role: a role noun, and not a sentence, a requirement or roles in general."""
    return (_ROLE_NOUN.search(head) is not None and not _PRONOUN_START.match(head)
            and not _REQUIREMENT.search(head) and not _GENERIC.match(head))


def _cued_role(lines: list[str]) -> str | None:
    """The role on the line after a cue that roles follow ("We're hiring across:" / "Applied Research – ...")."""
    for cue, line in pairwise(lines):
        if not _ROLES_CUE.search(cue):
            continue
        bullet = _BULLET.match(line)
        head = _line_head(bullet.group(1) if bullet else line)
        if (2 < len(head) <= 60 and len(head.split()) <= 6 and _names_a_role(head)
                and not _URL.search(head) and not _LOCATION_HINT.fullmatch(head)):
            return head
    return None


def _line_head(line: str) -> str:
    """A line's title-like head: of a line of bars, the first part naming a role; up to a dash, pay, bracket, colon,
    URL or " at "; a comma ends it too, unless a short field qualifying the title follows ("Senior Manager, Security
    Engineering")."""
    bars = [part for part in line.split("|") if part.strip()]
    if bars:  # "Toronto|Full Stack Developer|On-site", "| Backend Engineer": the part that names a role
        line = next((part for part in bars if _ROLE_NOUN.search(part)), bars[0])
    head = _HEAD_SPLIT.split(line.strip(), 1)[0]
    if not _ROLE_NOUN.search(head) and "(" in line:  # "iOS / Android (Mobile) Developer: ...": past the bracket
        unbracketed = _HEAD_SPLIT.split(_BRACKETED.sub("", line).strip(), 1)[0].strip(_HEAD_STRIP)
        if _ROLE_AT_END.search(unbracketed) and not _SEEKING.search(unbracketed):
            head = unbracketed
    fields = _COMMA.split(head)
    if len(fields) > 1 and _ROLE_AT_END.search(fields[0]) and _is_qualifier(fields[1]):
        return f"{fields[0]}, {fields[1]}".strip(_HEAD_STRIP)
    return fields[0].strip(_HEAD_STRIP)


def _is_qualifier(field: str) -> bool:
    """A title's comma field of 2-4 plain words naming its area ("Security Engineering"), not a company,
    a place, terms, pay or a further role."""
    return (re.fullmatch(r"[A-Z][\w&/+.' -]*", field) is not None and 2 <= len(field.split()) <= 4
            and not _ROLE_NOUN.search(field)
            and not _LOCATION_HINT.search(field) and not _REMOTE.search(field) and not _ONSITE.search(field)
            and not _TERMS_PART.search(field) and not _PAY.search(field) and not _URL.search(field))


def _role_list(chunk: str) -> str | None:
    """A comma list of roles sharing its last role noun ("ML, Design, and Product Engineers"), asides in brackets
    left out, else None."""
    chunk = _POSITION_OF.sub("", _BRACKETED.sub("", chunk))  # "Rails, mobile (iOS and Android), and devops engineers"
    listed = re.sub(r"^for\s+", "", _LIST_END.split(chunk, 1)[0].strip(" :*-•=#\"'"), flags=re.IGNORECASE)
    if (", " in listed and not _NOT_A_LIST.match(listed) and len(listed) <= 80 and len(listed.split()) <= 10
            and _ROLE_AT_END.search(listed)
            and not _PRONOUN_START.match(listed)):
        return _PHRASE_START.sub("", listed)
    return None


def _role_phrase(chunk: str) -> str | None:
    """The leading role title in a chunk of text ("Senior Backend Engineer (PHP) in Berlin" -> the title).
    A bare role noun keeps the areas it is "for" when they are a list ("devs for Frontend, Backend, and ML")."""
    areas = re.match(r"\s*(?:an?\s+|the\s+|our\s+)?(\w+)\s+for\s+(?!(?:our|the|an?|my|this|its)\b)"
                     r"([^.;!|(\n]{3,70})", chunk, re.IGNORECASE)
    if areas and ", " in areas.group(2) and _ROLE_NOUN.fullmatch(areas.group(1)):
        return f"{areas.group(1)} for {areas.group(2).strip()}"
    chunk = _leading_phrase(_without_asides(chunk))
    if len(chunk.split()) > 8:  # "a Senior C++ and CUDA Developer and a Product Manager": the first role
        chunk = re.split(r"\s+and\s+(?:an?|the)\s", chunk, maxsplit=1, flags=re.IGNORECASE)[0]
    if (not chunk or len(chunk) > 80 or len(chunk.split()) > 8 or not _role_noun_in(chunk) or _GENERIC.match(chunk)
            or _GENERIC_START.match(chunk)
            or re.match(r'[^"]*\w"', chunk)):  # '"Who is hiring non-programmers" or ...': a quotation's end
        return None
    return chunk


def _without_asides(chunk: str) -> str:
    """A chunk without what precedes or interrupts its role: a list number ("(1) a senior ML specialist"), "the
    position of", brackets opening it ("(AI) product engineers": kept) or before its role noun ("PYTHON (Scrapy,
    Django) and ERLANG Engineers": dropped)."""
    chunk = _POSITION_OF.sub("", _LIST_NUMBER.sub("", chunk))
    chunk = re.sub(r"^\s*\(([^(),]*)\)", r"\1", chunk)
    if not _role_noun_in(_PHRASE_END.split(chunk, 1)[0]):
        chunk = _BRACKETED.sub("", chunk)
    return chunk


def _leading_phrase(chunk: str) -> str:
    """The phrase a chunk opens with, up to where the role ends (_PHRASE_END), without words before the role
    (_PHRASE_START), a dangling "and" or "based", or quotes around it ('a "Tech Lead" to ...')."""
    chunk = _PHRASE_END.split(_PHRASE_START.sub("", chunk.lstrip()), 1)[0]
    chunk = re.sub(r"\s+(?:and|or|&|based)$", "", chunk.strip(" :*-•='?,").lstrip("# "), flags=re.IGNORECASE)
    chunk = _POSITION_OF.sub("", _PHRASE_START.sub("", chunk))
    if chunk.count('"') == 1 or re.fullmatch(r'"[^"]*"', chunk):
        chunk = chunk.strip('"')
    return chunk


def _remote_flag(line: str) -> bool | None:
    if _REMOTE.search(line):
        return True
    if _ONSITE.search(line):
        return False
    return None


def _pay_in(line: str) -> str | None:
    match = _PAY.search(line)
    if not match or match.group(4):
        return None
    start = max(0, match.start() - 1)
    end = min(len(line), match.end() + 12)
    segment = line[start:end]
    return segment.split("|")[0].strip() or None


def _url_in(line: str) -> str | None:
    match = _URL.search(line)
    return match.group(0).rstrip(").,") if match else None
