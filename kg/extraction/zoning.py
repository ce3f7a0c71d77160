"""Document zoning: which parts of a stored article are its body, the text to read for statements.

``body_zones(text)`` returns the character spans (start, end) of the body, in order; offsets index
``text`` itself (what ``kg ingest`` stores), so a quote found inside a zone slices the stored text.
What is not body, by general rules over lines (English and French page furniture):

- the ``Key: value`` header of ``kg ingest`` ended by a blank line (``parse_header``);
- headlines and subheadings, bylines ("By AFP", "Par X", "X, Reuters"), date lines ("August 15,
  2025"), captions ending in a credit: short lines (at most ``SHORT_LINE`` words) that do not end
  as a sentence does, and Title-Case questions; a line repeated (a headline or a lede printed
  twice) after its first copy;
- photo credits ("Photo: ...", "(via AFP)", "... / Reuters", "REUTERS/Name": a caption before
  the credit is kept when it is a sentence), notes ("Reporting
  by ...; Editing by ...", "Note: ...", "(Photo credit: ...)"), copyright lines;
- furniture: "Advertisement" / "Publicité", "Read more" / "Lire aussi", "Sign up here", newsletter,
  subscribe and "Abonnez-vous" blurbs, cookie and navigation lines, lists of links, bare URLs,
  separators such as ``*****``;
- the dateline prefix of a first paragraph ("BAMAKO, Nov 12 (Reuters) - ", "WASHINGTON: ",
  "(Adnkronos) – "): the sentence after it is body.

Hard-wrapped text (every line filled to a fixed width) is read by paragraph, so its wrapped lines
are not mistaken for headlines. The last line of a text is kept when it looks like a sentence cut
off (at least ``CUT_LINE`` words): stored pages are often truncated.
"""

from __future__ import annotations

import re

HEADER_KEYS = ("title", "publisher", "author", "date", "url", "language", "type", "id")
_HEADER_RE = re.compile(r"^([A-Za-z]+):[ \t]*(.*?)\s*$")
SHORT_LINE = 25          # words: an unpunctuated line this short is a headline, byline, credit...
CUT_LINE = 5             # words: an unpunctuated last line this long is a truncated sentence
BLURB_WORDS = 40         # words: a line this short naming a newsletter, cookies... is furniture
WRAP_WIDTH = 100         # characters: blocks no wider than this may be hard-wrapped


def parse_header(text: str) -> tuple[dict, int]:
    """Leading ``Key: value`` lines (title, publisher, author, date, url, language, type, id) ended
    by a blank line. Returns (metadata, offset where the body starts); ({}, 0) without a header."""
    meta, offset = {}, 0
    for line in text.splitlines(keepends=True):
        if not line.strip():
            return (meta, offset + len(line)) if meta else ({}, 0)
        m = _HEADER_RE.match(line)
        if not m or m.group(1).lower() not in HEADER_KEYS:
            return {}, 0
        meta[m.group(1).lower()] = m.group(2)
        offset += len(line)
    return {}, 0


_CAP = "A-ZÀ-ÖØ-Ý"
_TERMINAL = re.compile(r"(?:[.!?…:;]|\.\.\.)[\"'”’»)\]]*$")
_FURNITURE = re.compile(                       # a line starting with these is furniture
    r"^\W*(?:advertisement|advertising|sponsored(?: content)?|publicit[ée]|annonce|read more|read also|"
    r"see also|more on this|most read|continue reading|click here|scroll to top|back to top|"
    r"skip to(?: main)? content|follow us|lire aussi|[àa] lire aussi|voir aussi|lire la suite|"
    r"sur le m[êe]me sujet|les plus lus|cliquez ici|retour en haut|suivez[- ]nous)\b", re.I)
_NAVIGATION = re.compile(                      # a line made only of these is furniture
    r"^(?:\W*\b(?:menu|home|accueil|share|shares|tweet|print|email|e-mail|comments?|commentaires?|partager|"
    r"imprimer|related|recommended|facebook|twitter|whatsapp|linkedin|telegram|x|copy link|close|fermer)\b)+\W*$",
    re.I)
_BLURB = re.compile(
    r"\b(?:sign[- ]up|subscribe|subscription|newsletters?|abonnez[- ]vous|inscrivez[- ]vous|"
    r"s['’]abonner|abonnement|download (?:our|the) app|t[ée]l[ée]chargez|cookies?|privacy policy|"
    r"in your inbox|dans votre bo[iî]te|join our|rejoignez[- ]nous|"
    r"terms of (?:use|service)|politique de confidentialit[ée]|conditions (?:g[ée]n[ée]rales )?d['’]utilisation|"
    r"all rights reserved|tous droits r[ée]serv[ée]s)\b", re.I)
_NOTE = re.compile(
    r"^\W*(?:(?:additional )?(?:reporting|writing|editing|edited|compiled|translated|translation|"
    r"r[ée]daction|[ée]dit[ée]) (?:by|par)\b|(?:editor['’]?s )?note\s*[:.]|n\.?d\.?l\.?r\.?\b|"
    r"correction\s*:|(?:photo|image|picture|credit|cr[ée]dit|photo credit|cr[ée]dit photo|"
    r"source|l[ée]gende)\s*:|©|\(c\)\s|copyright\b)", re.I)
_EDITING = re.compile(r";\s*(?:editing|writing|additional reporting) by\b", re.I)
_CREDIT_END = re.compile(
    r"(?:\s/\s*[" + _CAP + r"][\w .&'’-]{1,40}|\((?:via |photo:? |cr[ée]dit:? |credit:? )?"
    r"[" + _CAP + r"][\w&.'’-]*(?: [" + _CAP + r"][\w&.'’-]*){0,2}\))$")
_CREDIT_ANY = re.compile(r"\b[" + _CAP + r"]{3,}/[" + _CAP + r"][a-z]")       # REUTERS/Francis Kokoroko
_URL = re.compile(r"^\W*(?:https?://|www\.)\S+\W*$", re.I)
_MONTHS = ("jan|janv|feb|febr|fév|fev|févr|mar|mars|apr|avr|may|mai|jun|juin|jul|juil|aug|août|aout|sep|"
           "sept|oct|nov|dec|déc")
_DATELINE_CAPS = re.compile(
    r"^(?P<p>[" + _CAP + r"][" + _CAP + r"'’.-]+(?: [" + _CAP + r"][" + _CAP + r"'’.-]+)*"
    r"(?:,[^()\n:–—]{1,40}?)?(?:\s*\([^()\n]{1,40}\))?)\s*[-–—:]+\s+")
_DATELINE_AGENCY = re.compile(
    r"^(?P<p>[^()\n.;!?]{0,60}?)\s*\((?P<a>[" + _CAP + r"][\w&.'’-]*(?: [" + _CAP + r"][\w&.'’-]*){0,3})\)"
    r"\s*[-–—:]+\s+")
AGENCIES = {"afp", "ap", "reuters", "xinhua", "anadolu", "aa", "aps", "dpa", "efe", "ansa", "rfi", "apa",
            "ani", "upi", "bloomberg", "tass", "ria novosti", "sputnik", "pana", "map", "aip", "amap", "anp"}


def _words(s: str) -> list[str]:
    return s.split()


def _dateline(line: str) -> int:
    """Length of the dateline prefix at the start of ``line`` (0: none)."""
    m = _DATELINE_CAPS.match(line)
    if m and sum(ch.isalpha() for ch in m.group("p").split(",")[0]) >= 3 and len(_words(m.group("p"))) <= 8:
        return m.end()
    m = _DATELINE_AGENCY.match(line)
    if m:
        prefix = m.group("p").strip()
        tokens = [t for t in re.split(r"[\s,–—-]+", prefix) if t]
        shaped = all(t[:1].isupper() or t[:1].isdigit() or re.fullmatch(rf"(?:{_MONTHS})\.?", t, re.I)
                     for t in tokens)
        anchored = (not prefix or any(ch.isdigit() for ch in prefix) or "," in prefix
                    or any(len(t) >= 3 and t.isupper() for t in tokens) or m.group("a").lower() in AGENCIES)
        if shaped and anchored and len(tokens) <= 7:
            return m.end()
    return 0


def _is_headline_case(text: str) -> bool:
    long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return bool(long) and sum(w[:1].isupper() for w in long) >= 0.6 * len(long)


def _furniture(text: str, last: bool) -> bool:
    """Is this logical line (whitespace-normalised) anything but body?"""
    n = len(_words(text))
    if not re.search(r"[^\W\d_]", text) or _URL.match(text):
        return True                                            # separators, bare links
    if (_FURNITURE.match(text) and (n <= SHORT_LINE or not _TERMINAL.search(text))) or _NAVIGATION.match(text):
        return True
    if _NOTE.match(text) or _EDITING.search(text):
        return True
    if n <= BLURB_WORDS and _BLURB.search(text):
        return True
    if not _TERMINAL.search(text):
        return n <= SHORT_LINE and not (last and n >= CUT_LINE)   # headline, byline, date, caption
    return n <= SHORT_LINE and text.endswith(("?", "!")) and _is_headline_case(text)


def _credit_cut(seg: str) -> int | None:
    """Where a caption's photo credit starts ("... in Moscow. Russian Defense Ministry / TASS",
    "... near Kayes. REUTERS/Name", "... (via AFP)"): the caption before it, up to its last full
    stop when only a few words (the photographer, the agency) follow that, is kept. None: no credit."""
    found = [m.start() for m in (_CREDIT_END.search(seg), _CREDIT_ANY.search(seg)) if m]
    if not found or len(_words(seg)) > BLURB_WORDS:
        return None
    head = seg[:min(found)].rstrip()
    if not _TERMINAL.search(head):
        stops = list(re.finditer(r"[.!?…][\"'”’»)\]]*(?=\s)", head))
        if stops and len(_words(head[stops[-1].end():])) <= 6:
            head = head[:stops[-1].end()]
    return len(head)


def _logical_lines(text: str, start: int) -> list[list[tuple[int, int]]]:
    """The physical lines (start, end without trailing whitespace) from ``start``, grouped into
    logical lines: a hard-wrapped paragraph is one logical line, any other line its own."""
    lines, pos = [], start
    for raw in text[start:].splitlines(keepends=True):
        body = raw.rstrip()
        lead = len(body) - len(body.lstrip())
        lines.append((pos + lead, pos + len(body)) if body.strip() else None)
        pos += len(raw)
    out, i = [], 0
    while i < len(lines):
        if lines[i] is None:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j] is not None:
            j += 1
        block = lines[i:j]                                     # a run of non-blank lines
        width = max(e - s for s, e in block)
        group = [block[0]]
        for prev, cur in zip(block, block[1:]):
            nxt = text[cur[0]:cur[1]].split(maxsplit=1)[0]
            if (width <= WRAP_WIDTH and len(block) >= 3 and (prev[1] - prev[0]) + 1 + len(nxt) > width - 2
                    and not _TERMINAL.search(text[prev[0]:prev[1]])):
                group.append(cur)                              # filled to the width, mid-sentence: wrapped
            else:
                out.append(group)
                group = [cur]
        out.append(group)
        i = j
    return out


def in_zones(zones: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The zone that the span [start, end) overlaps (the first one), or None."""
    import bisect

    k = bisect.bisect_right(zones, (start, float("inf"))) - 1
    for zs, ze in zones[max(k, 0):k + 2]:
        if zs < end and start < ze:
            return (zs, ze)
    return None


def body_zones(text: str) -> list[tuple[int, int]]:
    """The character spans (start, end), in order, of the article's body; see the module doc."""
    _, start = parse_header(text)
    groups = _logical_lines(text, start)
    seen: set[str] = set()
    zones: list[tuple[int, int]] = []
    ledes = 3                                                  # paragraphs a dateline may open
    for k, group in enumerate(groups):
        s, e = group[0][0], group[-1][1]
        cut = _credit_cut(text[s:e])
        e = e if cut is None else s + cut
        flat = " ".join(text[s:e].split())
        key = flat.casefold()
        if _furniture(flat, last=k == len(groups) - 1) or (len(_words(flat)) >= 4 and key in seen):
            seen.add(key)
            continue
        seen.add(key)
        if ledes:                                              # "BAMAKO, Nov 12 (Reuters) - "
            s += _dateline(text[s:e])
            ledes -= 1
        if zones and not text[zones[-1][1]:s].strip():
            zones[-1] = (zones[-1][0], e)                      # only whitespace between: one zone
        else:
            zones.append((s, e))
    return zones
