"""Bounds on what ``kg load`` reads, so that a small file cannot exhaust the machine.

- ``Bounded``: a reader that stops with a ``DataError`` once the (decompressed) input passes
  ``max_bytes`` or, for line-based formats, once a line passes ``max_line`` bytes: a one-line
  N-Triples file of gigabytes would otherwise be buffered whole.
- ``check_xml``: RDF/XML and TriX read once by expat with entity expansion off (references are
  reported, not expanded), before any parser that expands them sees the file: external entities
  are refused, and the text that internal entities would expand to is added up without building
  it ("billion laughs": ten nested entities in 1 KB make gigabytes), refused past ``max_expansion``.
"""

from __future__ import annotations

import io
import re

from kg.core.errors import DataError

MAX_LINE = 8 << 20            # bytes in one line (N-Triples, N-Quads, Turtle, TriG, N3)
MAX_BYTES = 64 << 30          # bytes of input after decompression
MAX_EXPANSION = 16 << 20      # characters that XML entity references may expand to, in all


class Bounded(io.RawIOBase):
    """Reads ``stream`` (binary), refusing more than ``max_bytes`` bytes in all and, when
    ``max_line`` is set, a line longer than ``max_line`` bytes."""

    def __init__(self, stream, name: str, max_bytes: int | None = MAX_BYTES, max_line: int | None = None):
        self.stream, self.name = stream, name
        self.max_bytes, self.max_line = max_bytes, max_line
        self.total = 0        # bytes read so far
        self.run = 0          # bytes since the last line break
        self.lines = 0        # line breaks so far

    def readable(self):
        return True

    def readinto(self, buf):
        n = self.stream.readinto(buf)
        if not n:
            return n
        self.total += n
        if self.max_bytes and self.total > self.max_bytes:
            raise DataError(f"more than {self.max_bytes >> 20} MB of input (after decompression); "
                            "nothing was loaded (raise --max-size)", path=self.name)
        if self.max_line:
            self._lines(bytes(memoryview(buf)[:n]))
        return n

    def _lines(self, chunk: bytes) -> None:
        first = chunk.find(b"\n")
        if first < 0:
            self.run += len(chunk)
            if self.run > self.max_line:
                self._too_long(self.lines + 1)
            return
        if self.run + first > self.max_line:
            self._too_long(self.lines + 1)
        last = chunk.rfind(b"\n")
        if last - first > self.max_line:  # a long line may hide between the first and last breaks
            half = self.max_line // 2
            pos = first + 1
            while pos < last:
                if chunk.find(b"\n", pos, pos + half) < 0:
                    start = chunk.rfind(b"\n", 0, pos) + 1
                    end = chunk.find(b"\n", pos)
                    if end - start > self.max_line:
                        self._too_long(self.lines + chunk.count(b"\n", 0, start) + 1)
                pos += half
        self.lines += chunk.count(b"\n")
        self.run = len(chunk) - last - 1

    def _too_long(self, line: int):
        raise DataError(f"a line longer than {self.max_line >> 20} MB; nothing was loaded (raise --max-line)",
                        path=self.name, line=line)


def check_xml(stream, name: str, max_expansion: int = MAX_EXPANSION) -> None:
    """Read an XML document with expat, expanding no entity: refuse external entities and
    internal ones that would expand past ``max_expansion`` characters in all."""
    import pyexpat

    sizes: dict[str, int | None] = {}
    values: dict[str, str] = {}
    total = 0
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)

    def where() -> dict:
        return {"path": name, "line": parser.CurrentLineNumber, "column": parser.CurrentColumnNumber + 1}

    def size(entity: str, seen: tuple = ()) -> int:
        if entity in seen or len(seen) > 64:
            raise DataError(f"XML entity '{entity}' refers to itself or nests too deep; nothing was loaded",
                            **where())
        if sizes.get(entity) is not None:
            return sizes[entity]
        if entity not in values:
            return len(entity) + 2
        n = len(_REFERENCE.sub("", values[entity]))
        for m in _REFERENCE.finditer(values[entity]):
            n += size(m.group(1), seen + (entity,))
            if n > max_expansion:
                break
        sizes[entity] = n
        return n

    def declared(entity, is_parameter, value, base, system_id, public_id, notation):
        if value is None:
            raise DataError(f"XML external entity '{entity}' refused: kg load reads no other file; "
                            "nothing was loaded", **where())
        if not is_parameter:
            values[entity] = value
            if size(entity) > max_expansion:  # before any reference can expand it
                raise DataError(f"XML entity '{entity}' expands to more than {max_expansion >> 20} MB of "
                                "text (nested entities?); nothing was loaded (raise --max-expansion)", **where())

    def default(data: str) -> None:
        nonlocal total
        m = _REFERENCE.fullmatch(data)
        if m:
            total += size(m.group(1))
            if total > max_expansion:
                raise DataError(f"XML entities expand to more than {max_expansion >> 20} MB of text "
                                "(nested entities?); nothing was loaded (raise --max-expansion)", **where())

    parser.EntityDeclHandler = declared
    parser.DefaultHandler = default  # set without "Expand": internal entities are reported, not expanded
    parser.ExternalEntityRefHandler = lambda *args: 1
    try:
        parser.ParseFile(stream)
    except pyexpat.ExpatError as exc:
        raise DataError(f"cannot parse XML: {pyexpat.errors.messages[exc.code] if exc.code else exc}; "
                        "nothing was loaded", path=name, line=exc.lineno, column=exc.offset + 1) from None


_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")
