"""The curated corpus: article metadata and texts, the entity catalogue and the statement files.

Everything is read from human-edited YAML. Records keep the file and line they came from so that
every problem can be reported as ``path:line: statement ID: what is wrong``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.core.errors import DataError

ENTITY_TYPES = ("Person", "Organization", "Government", "Group", "Country", "City", "Region",
                "Event", "Scenario")
MODALITIES = ("asserted", "likely", "possible", "unlikely", "negated", "reported")
CONFIDENCES = ("high", "medium", "low")
DATE_QUALIFIERS = ("early", "mid", "late", "before", "after", "since", "until")
APPROXIMATIONS = ("exactly", "about", "more than", "at least", "almost", "within", "up to")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

ARTICLE_KEYS = {"id", "file", "title", "publisher", "author", "type", "language", "date",
                "date_qualifier", "date_note", "url"}
ENTITY_KEYS = {"id", "name", "aliases", "type", "category", "description", "wikidata", "lat",
               "long", "date", "date_qualifier", "event_type", "note"}
STATEMENT_KEYS = {"id", "subject", "relation", "object", "quote", "occurrence", "claimant", "date",
                  "date_qualifier", "end_date", "place", "quantity", "modality", "confidence",
                  "event_type", "scenario", "value", "note"}
QUANTITY_KEYS = {"value", "unit", "currency", "approx"}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year, as written in the source."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self) -> str:
        s = f"{self.year:04d}"
        if self.month:
            s += f"-{self.month:02d}"
        if self.day:
            s += f"-{self.day:02d}"
        return s

    def __str__(self) -> str:
        return self.isoformat()


@dataclass
class Article:
    id: str
    path: Path
    title: str
    text: str
    sha256: str
    language: str = "en"
    type: str = "report"
    publisher: str | None = None
    author: str | None = None
    date: PartialDate | None = None
    date_qualifier: str | None = None
    date_note: str | None = None
    url: str | None = None


@dataclass
class Entity:
    id: str
    name: str
    type: str
    category: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    wikidata: str | None = None
    lat: float | None = None
    long: float | None = None
    date: PartialDate | None = None
    date_qualifier: str | None = None
    event_type: str | None = None
    note: str | None = None
    path: str = ""
    line: int = 0


@dataclass
class Quantity:
    value: float
    unit: str | None = None
    currency: str | None = None
    approx: str | None = None


@dataclass
class Statement:
    id: str
    article: str
    subject: str
    relation: str
    object: str
    quote: str
    occurrence: int = 1
    claimant: str | None = None
    date: PartialDate | None = None
    date_qualifier: str | None = None
    end_date: PartialDate | None = None
    place: str | None = None
    quantity: Quantity | None = None
    modality: str = "asserted"
    confidence: str = "high"
    event_type: str | None = None
    scenario: str | None = None
    value: str | None = None
    note: str | None = None
    path: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}: statement {self.id}"


@dataclass
class Corpus:
    articles: dict[str, Article]
    entities: dict[str, Entity]
    statements: list[Statement]


# ----------------------------------------------------------------- YAML with line numbers

class _Loader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line, refuses duplicate keys and keeps dates as text."""


def _construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise DataError(f"duplicate key {key!r} (first on line {seen[key]})",
                            line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1)
        seen[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def read_yaml(path: Path):
    """Parse one YAML file; a syntax error becomes a DataError with line and column."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", path=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (bad byte at offset {exc.start})", path=str(path)) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except DataError as exc:
        exc.path = str(path)
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError(f"invalid YAML: {problem}", path=str(path),
                        line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}", path=str(path)) from None


# ----------------------------------------------------------------- field parsing

def parse_date(value, what: str = "date") -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD (the precision is what is written)."""
    text = str(value).strip()
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"{what} {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{what} {text!r} is not a real date ({exc})") from None
    return PartialDate(year, month, day)


class _Record:
    """Reads one YAML mapping, checking keys and types, and raises DataErrors that say where."""

    def __init__(self, data, path: Path, kind: str, allowed: set[str], required: tuple[str, ...]):
        self.path = str(path)
        if not isinstance(data, dict):
            raise DataError(f"each {kind} must be a mapping of keys to values", path=self.path)
        self.data = data
        self.line = data.get("__line__")
        self.label = f"{kind} {data.get('id')}" if data.get("id") is not None else kind
        unknown = sorted(set(data) - allowed - {"__line__"})
        if unknown:
            self.fail(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if data.get(key) in (None, ""):
                self.fail(f"missing required key {key!r}")

    def fail(self, message: str):
        raise DataError(f"{self.label}: {message}", path=self.path, line=self.line)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.fail(f"{key!r} must be text")
        text = str(value).strip()
        if required and not text:
            self.fail(f"{key!r} is empty")
        return text

    def ident(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _ID_RE.match(value):
            self.fail(f"{key!r} {value!r} is not an id (lowercase letters, digits and hyphens)")
        return value

    def choice(self, key: str, choices, default=None):
        value = self.text(key)
        if value is None:
            return default
        if value not in choices:
            self.fail(f"{key!r} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def date(self, key: str) -> PartialDate | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return parse_date(value, key)
        except ValueError as exc:
            self.fail(str(exc))

    def number(self, key: str, low: float | None = None, high: float | None = None):
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"{key!r} must be a number, not {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(f"{key!r} {value} is out of range [{low}, {high}]")
        return value


# ----------------------------------------------------------------- loaders

def _records(path: Path, content, key: str | None = None) -> list:
    if key is not None:
        if not isinstance(content, dict) or not isinstance(content.get(key), list):
            raise DataError(f"expected a mapping with a list under {key!r}", path=str(path))
        content = content[key]
    if content is None:
        return []
    if not isinstance(content, list):
        raise DataError("expected a list of records", path=str(path))
    return content


def read_article_text(path: Path) -> str:
    """Read an article's text exactly as stored: UTF-8, no NUL bytes, nothing normalised."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError("article file not found", path=str(path)) from None
    if b"\x00" in raw:
        raise DataError("not a text file (contains NUL bytes)", path=str(path))
    try:
        # newline="" semantics: decode bytes ourselves so \r\n stays as written.
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (bad byte at offset {exc.start})", path=str(path)) from None


def load_articles(data: Path) -> dict[str, Article]:
    path = data / "articles.yaml"
    articles: dict[str, Article] = {}
    for raw in _records(path, read_yaml(path)):
        r = _Record(raw, path, "article", ARTICLE_KEYS, ("id", "file", "title"))
        art_id = r.ident("id")
        if art_id in articles:
            r.fail("is declared twice")
        text_path = _inside(data, r.text("file"), r)
        text = read_article_text(text_path)
        articles[art_id] = Article(
            id=art_id, path=text_path, title=r.text("title"), text=text,
            sha256=hashlib.sha256(text_path.read_bytes()).hexdigest(),
            language=r.text("language") or "en", type=r.text("type") or "report",
            publisher=r.text("publisher"), author=r.text("author"), date=r.date("date"),
            date_qualifier=r.choice("date_qualifier", DATE_QUALIFIERS), date_note=r.text("date_note"),
            url=_url(r))
    return articles


def _inside(data: Path, name: str, r: _Record) -> Path:
    """An article file named in articles.yaml: a relative path that stays inside the data folder."""
    import os

    if os.path.isabs(name) or "\x00" in name:
        r.fail(f"'file' {name!r} must be a path relative to the data folder")
    path = data / name
    root = os.path.realpath(data)
    if os.path.commonpath([root, os.path.realpath(path)]) != root:
        r.fail(f"'file' {name!r} points outside the data folder")
    return path


_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def _url(r: _Record) -> str | None:
    """The article's ``url``: an absolute IRI (it becomes ``schema:url``), no spaces or quotes."""
    url = r.text("url")
    if url and not _URL_RE.fullmatch(url):
        r.fail(f"'url' {url!r} is not an absolute IRI (no spaces, quotes or angle brackets)")
    return url or None


def load_entities(data: Path) -> dict[str, Entity]:
    path = data / "entities.yaml"
    entities: dict[str, Entity] = {}
    for raw in _records(path, read_yaml(path)):
        r = _Record(raw, path, "entity", ENTITY_KEYS, ("id", "name", "type", "category"))
        ent_id = r.ident("id")
        if ent_id in entities:
            r.fail(f"is declared twice (first on line {entities[ent_id].line})")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, (str, int, float)) for a in aliases):
            r.fail("'aliases' must be a list of names")
        wikidata = r.text("wikidata")
        if wikidata is not None and not re.fullmatch(r"Q[1-9]\d*", wikidata):
            r.fail(f"'wikidata' {wikidata!r} is not a Wikidata item id like Q912")
        lat, long = r.number("lat", -90, 90), r.number("long", -180, 180)
        if (lat is None) != (long is None):
            r.fail("give both 'lat' and 'long' or neither")
        entities[ent_id] = Entity(
            id=ent_id, name=r.text("name", required=True), type=r.choice("type", ENTITY_TYPES),
            category=r.ident("category"), aliases=[str(a).strip() for a in aliases],
            description=r.text("description"), wikidata=wikidata, lat=lat, long=long,
            date=r.date("date"), date_qualifier=r.choice("date_qualifier", DATE_QUALIFIERS),
            event_type=r.text("event_type"), note=r.text("note"), path=str(path), line=r.line)
    return entities


def _quantity(r: _Record) -> Quantity | None:
    raw = r.data.get("quantity")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.fail("'quantity' must be a mapping like {value: 50, unit: km}")
    unknown = sorted(set(raw) - QUANTITY_KEYS - {"__line__"})
    if unknown:
        r.fail(f"unknown quantity key {unknown[0]!r} (allowed: {', '.join(sorted(QUANTITY_KEYS))})")
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        r.fail(f"quantity 'value' must be a number, not {value!r}")
    currency = raw.get("currency")
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", str(currency)):
        r.fail(f"quantity 'currency' {currency!r} is not an ISO 4217 code like USD or EUR")
    approx = raw.get("approx")
    if approx is not None and approx not in APPROXIMATIONS:
        r.fail(f"quantity 'approx' must be one of {', '.join(APPROXIMATIONS)}")
    unit = raw.get("unit")
    return Quantity(value=value, unit=str(unit) if unit is not None else None,
                    currency=currency, approx=approx)


def load_statement_file(path: Path) -> list[Statement]:
    content = read_yaml(path)
    if not isinstance(content, dict) or not content.get("article"):
        raise DataError("a statement file starts with 'article: <article id>'", path=str(path))
    article = str(content["article"])
    return [statement_from_record(raw, path, article) for raw in _records(path, content, "statements")]


def statement_from_record(raw, path: Path, article: str, extra_keys: frozenset = frozenset()) -> Statement:
    """One statement mapping (as read by ``read_yaml``) as a Statement; ``extra_keys`` are allowed
    and ignored (the review files of ``kg ingest`` add status, confidence hints, offsets)."""
    r = _Record(raw, path, "statement", STATEMENT_KEYS | set(extra_keys),
                ("id", "subject", "relation", "object", "quote"))
    occurrence = r.number("occurrence", 1) or 1
    return Statement(
        id=r.ident("id"), article=article, subject=r.ident("subject"),
        relation=r.text("relation"), object=r.ident("object"), quote=r.text("quote", required=True),
        occurrence=int(occurrence), claimant=r.ident("claimant"), date=r.date("date"),
        date_qualifier=r.choice("date_qualifier", DATE_QUALIFIERS), end_date=r.date("end_date"),
        place=r.ident("place"), quantity=_quantity(r),
        modality=r.choice("modality", MODALITIES, "asserted"),
        confidence=r.choice("confidence", CONFIDENCES, "high"), event_type=r.text("event_type"),
        scenario=r.ident("scenario"), value=r.text("value"), note=r.text("note"),
        path=str(path), line=r.line)


def load_statements(data: Path) -> list[Statement]:
    folder = data / "statements"
    if not folder.is_dir():
        raise DataError("statements folder not found", path=str(folder))
    statements: list[Statement] = []
    seen: dict[str, Statement] = {}
    for path in sorted(folder.glob("*.yaml")):
        for st in load_statement_file(path):
            if st.id in seen:
                raise DataError(f"statement {st.id}: id already used at {seen[st.id].path}:"
                                f"{seen[st.id].line}", path=st.path, line=st.line)
            seen[st.id] = st
            statements.append(st)
    return statements


def load_corpus(data: Path) -> Corpus:
    data = Path(data)
    return Corpus(articles=load_articles(data), entities=load_entities(data),
                  statements=load_statements(data))
