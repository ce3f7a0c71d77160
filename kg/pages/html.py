"""What every page shares: the Jinja environment over the package's templates (autoescape on),
JSON that is safe inside a ``<script>`` element, and static files inlined into a page.

>>> print(json_for_script({"quote": "</script><b>&"}))
{"quote":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from kg.core.errors import KgError

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_for_script(data, *, sort_keys: bool = False) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` can end the
    element or open a comment, and the line separators JavaScript dislikes are escaped too. Compact,
    non-ASCII kept as is; dicts in their own order unless ``sort_keys``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    for ch, esc in _SCRIPT_ESCAPES:
        text = text.replace(ch, esc)
    return Markup(text)


def inline_asset(path: Path, closing: str) -> str:
    """The text of a JS or CSS file to inline; refused if it could close its element (``closing``)."""
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise KgError(f"cannot inline {path}: it contains {closing!r}")
    return text


@lru_cache(maxsize=1)
def environment():
    """The Jinja environment of the package's templates, autoescaping everything."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       keep_trailing_newline=True)
