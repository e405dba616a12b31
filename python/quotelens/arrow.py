"""Annotating a column of articles into Arrow: the table Spark, Dask and Parquet get.

One row per input text, columns :data:`SCHEMA`. Each row holds the values the JSON of
`quotelens extract` gives for that text: the core hands the same records to its JSON writer and to
the Arrow buffers this module wraps (``_native.extract_columns``: no JSON is written or parsed on
the way, which cost a third of the time). Fields the JSON leaves out (a quote has no ``cue``, a
story no ``dateline``) are null; a null text gives a row of nulls.
"""

from __future__ import annotations

import re
from typing import Optional

import pyarrow as pa

from . import _native, check_unit

_span = [pa.field("start", pa.int64()), pa.field("end", pa.int64()), pa.field("text", pa.string())]

#: The columns :func:`annotate` returns (the JSON of `quotelens extract`, typed).
#:
#: ==============  =============================================================================
#: offset_unit     ``"utf16"``, ``"char"`` or ``"byte"``: what every start and end counts
#: annotations     list of struct: ``id``, ``kind`` (``quote``, ``claim``, ``term``), ``start``,
#:                 ``end``, ``text`` (the quoted words, or the claim's content), ``speaker``
#:                 (struct ``id``, ``name``, ``kind``; null when nobody is named), ``form``
#:                 (``full``/``partial``, quotes), ``source`` and ``cue`` (struct ``start``,
#:                 ``end``, ``text``: where the source is named, the verb or "according to"),
#:                 ``evidence`` (``cue``, ``pronoun``, ``continuation``), ``rule`` (the name
#:                 of the rule that made it, as ``quotelens extract`` reports it), ``story`` (index)
#: stories         list of struct: ``start``, ``end``, ``dateline`` (struct ``start``, ``end``,
#:                 ``text``, ``place``, ``agency``, ``date``)
#: blocks          list of struct: ``start``, ``end``, ``text``, ``kind`` (``heading``,
#:                 ``boilerplate``): the paragraphs that are not body text
#: speakers        list of struct: ``id``, ``name``, ``kind`` (``person``, ``group``,
#:                 ``institution``, ``unknown``), ``gender`` (``male``, ``female`` or null),
#:                 ``quotes``, ``claims`` (how many of each are attributed to them)
#: ==============  =============================================================================
SCHEMA = pa.schema(
    [
        pa.field("offset_unit", pa.string()),
        pa.field(
            "annotations",
            pa.list_(
                pa.struct(
                    [
                        pa.field("id", pa.int64()),
                        pa.field("kind", pa.string()),
                        *_span,
                        pa.field(
                            "speaker",
                            pa.struct(
                                [
                                    pa.field("id", pa.int64()),
                                    pa.field("name", pa.string()),
                                    pa.field("kind", pa.string()),
                                ]
                            ),
                        ),
                        pa.field("form", pa.string()),
                        pa.field("source", pa.struct(_span)),
                        pa.field("cue", pa.struct(_span)),
                        pa.field("evidence", pa.string()),
                        pa.field("rule", pa.string()),
                        pa.field("story", pa.int64()),
                    ]
                )
            ),
        ),
        pa.field(
            "stories",
            pa.list_(
                pa.struct(
                    [
                        pa.field("start", pa.int64()),
                        pa.field("end", pa.int64()),
                        pa.field(
                            "dateline",
                            pa.struct(
                                [
                                    *_span,
                                    pa.field("place", pa.string()),
                                    pa.field("agency", pa.string()),
                                    pa.field("date", pa.string()),
                                ]
                            ),
                        ),
                    ]
                )
            ),
        ),
        pa.field("blocks", pa.list_(pa.struct([*_span, pa.field("kind", pa.string())]))),
        pa.field(
            "speakers",
            pa.list_(
                pa.struct(
                    [
                        pa.field("id", pa.int64()),
                        pa.field("name", pa.string()),
                        pa.field("kind", pa.string()),
                        pa.field("gender", pa.string()),
                        pa.field("quotes", pa.int64()),
                        pa.field("claims", pa.int64()),
                    ]
                )
            ),
        ),
    ]
)

# Texts go to the core in pieces of about this many bytes: a piece's documents and columns are
# held at once, and a column's offsets are 32-bit.
_PIECE_BYTES = 32 << 20


def _texts(texts) -> list:
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks != 1 else texts.chunk(0)
    if isinstance(texts, pa.Array):
        if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)
                or pa.types.is_null(texts.type)):
            raise TypeError(f"texts must be a pyarrow string array, not one of {texts.type}")
        return texts.to_pylist()
    if isinstance(texts, str):
        raise TypeError("texts must be a pyarrow string array (or a list of str), not one str")
    return list(texts)


def _array(typ: pa.DataType, path: str, length: int, bufs: dict, items: bool = False) -> pa.Array:
    """The array of the field at ``path`` (``length`` values) from the core's named buffers
    (taken out of ``bufs``): a walk of :data:`SCHEMA`, so the schema is the one place that says
    what the columns are. A list's items (``items``) share its path and are never null."""
    take = bufs.pop  # each buffer is used once: what is left over, the schema lacks
    valid = None if items else take(path + ":valid", None)
    valid = None if valid is None else pa.py_buffer(valid)
    if pa.types.is_int64(typ):
        return pa.Array.from_buffers(typ, length, [valid, pa.py_buffer(take(path))])
    if pa.types.is_string(typ):
        return pa.Array.from_buffers(typ, length, [valid, pa.py_buffer(take(path + ":offsets")),
                                                   pa.py_buffer(take(path + ":data"))])
    if pa.types.is_struct(typ):
        children = [_array(f.type, f"{path}.{f.name}", length, bufs) for f in typ]
        return pa.Array.from_buffers(typ, length, [valid], children=children)
    if pa.types.is_list(typ):
        offsets = take(path + ":offsets")
        child = _array(typ.value_type, path, int.from_bytes(offsets[-4:], "little", signed=True), bufs, True)
        return pa.Array.from_buffers(typ, length, [valid, pa.py_buffer(offsets)], children=[child])
    raise TypeError(f"no column layout for {typ} at {path}")  # a SCHEMA change the core lacks


def _table(texts: list, unit: str, threads: Optional[int]) -> pa.Table:
    bufs = _native.extract_columns(texts, unit, threads)
    n = len(texts)
    rows = bufs.pop("rows:valid")
    for name in SCHEMA.names[1:]:
        bufs[name + ":valid"] = rows
    columns = [pa.array([None if t is None else unit for t in texts], pa.string())]
    columns += [_array(f.type, f.name, n, bufs) for f in list(SCHEMA)[1:]]
    if bufs:
        raise RuntimeError(f"the core wrote columns the schema lacks: {sorted(bufs)}")
    table = pa.Table.from_arrays(columns, schema=SCHEMA)
    table.validate()
    return table


def annotate(texts, unit: str = "utf16", threads: Optional[int] = None) -> pa.Table:
    """One row of :data:`SCHEMA` per text of ``texts`` (a pyarrow string array, chunked or not,
    or a list of str and None), in order, extracted on ``threads`` threads (default: every core)."""
    check_unit(unit)
    texts = _texts(texts)
    tables, first, size = [], 0, 0
    for i, t in enumerate(texts):
        size += len(t) if isinstance(t, str) else 0
        if size >= _PIECE_BYTES or i == len(texts) - 1:
            try:
                tables.append(_table(texts[first : i + 1], unit, threads))
            except (TypeError, ValueError) as e:
                # the core names the item by its place in the piece; name it by its place in texts
                raise type(e)(re.sub(r"texts\[(\d+)\]", lambda m: f"texts[{int(m[1]) + first}]", str(e))) from None
            first, size = i + 1, 0
    if not tables:
        return SCHEMA.empty_table()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]
