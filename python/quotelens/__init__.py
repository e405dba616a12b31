"""Quotelens: quotes, speakers and claims in news text, from the same Rust core as the
`quotelens` command line.

Every function returns what `quotelens extract --keep-newlines` prints for the same text (and
`quotelens batch --keep-newlines` for each line, without its "id"): the JSON comes from the
core's one writer, and the dicts here are that JSON parsed. Offsets count `unit`s of the text
as given (line ends are not rewritten):

- ``"char"``: Unicode code points, what Python slices a ``str`` with (``text[a["start"]:a["end"]]``);
- ``"utf16"``: UTF-16 code units, what JavaScript and the DOM count (the command line's default);
- ``"byte"``: UTF-8 bytes.

The text is used as given: unlike ``quotelens extract FILE``, no CRLF is turned into LF here (a
file opened in Python's text mode already reads CRLF as LF).

Submodules, imported on demand so that this module needs nothing but itself:
``quotelens.arrow`` (pyarrow), ``quotelens.spark`` (PySpark), ``quotelens.dask`` (Dask).
"""

from __future__ import annotations

import json
from typing import Iterable, Optional

from . import _native

__all__ = ["extract", "extract_json", "extract_many", "extract_many_json", "UNITS", "__version__"]
__version__ = _native.__version__

#: The offset units every function accepts.
UNITS = ("utf16", "char", "byte")


def extract_json(text: str, unit: str = "utf16") -> str:
    """The annotation JSON of one article, as one line of text (what `quotelens extract` prints)."""
    return _native.extract_json(text, unit)


def extract(text: str, unit: str = "utf16") -> dict:
    """The annotations of one article: ``offset_unit``, ``annotations``, ``stories``, ``blocks``,
    ``speakers`` (the JSON of :func:`extract_json`, parsed)."""
    return json.loads(_native.extract_json(text, unit))


def extract_many_json(
    texts: Iterable[Optional[str]], unit: str = "utf16", threads: Optional[int] = None
) -> list:
    """:func:`extract_json` of every text, in order; ``None`` for a ``None`` text.

    Runs on ``threads`` threads (default: every core) with the GIL released, so other Python
    threads go on meanwhile.
    """
    return _native.extract_many_json(texts, unit, threads)


def extract_many(
    texts: Iterable[Optional[str]], unit: str = "utf16", threads: Optional[int] = None
) -> list:
    """:func:`extract` of every text, in order; ``None`` for a ``None`` text (a missing article
    keeps its place). Parallel like :func:`extract_many_json`."""
    return [None if j is None else json.loads(j) for j in _native.extract_many_json(texts, unit, threads)]


def check_unit(unit: str) -> str:
    """``unit`` if the core knows it, else a ValueError (so a cluster job fails before it starts)."""
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a str ({', '.join(UNITS)}), not {type(unit).__name__}")
    _native.extract_json("", unit)
    return unit
