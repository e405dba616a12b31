"""quotelens.extract*, extract_many and quotelens.arrow against the command line, offsets in
every unit, bad input."""

import json
import sys
import threading
import time

import pyarrow as pa
import pytest

import quotelens
import quotelens.arrow as qa
from conftest import ROOT, as_cli_json, cli, read_article

CRLF = ROOT / "tests" / "fixtures" / "unicode-crlf.txt"
ALL_UNITS = ("utf16", "char", "byte")


@pytest.mark.parametrize("unit", ALL_UNITS)
def test_extract_json_is_the_command_lines_output(unit, articles):
    # --keep-newlines: the command line indexes the file as written, as Python is given it here
    for name in ("fixtures/unicode-crlf", "fixtures/two-stories", "holdout/feature-ballroom"):
        path = ROOT / "tests" / f"{name}.txt"
        printed = cli("extract", "--unit", unit, "--keep-newlines", path).rstrip("\n")
        assert quotelens.extract_json(articles[name], unit=unit) == printed
        assert quotelens.extract(articles[name], unit=unit) == json.loads(printed)


def spans(result):
    """(start, end, text) of every span that carries its text."""
    for a in result["annotations"]:
        yield a["start"], a["end"], a["text"]
        for key in ("source", "cue"):
            if key in a:
                yield a[key]["start"], a[key]["end"], a[key]["text"]
    for b in result["blocks"]:
        yield b["start"], b["end"], b["text"]
    for s in result["stories"]:
        if "dateline" in s:
            d = s["dateline"]
            yield d["start"], d["end"], d["text"]


def test_offsets_slice_the_text_in_each_unit():
    text = read_article(CRLF)  # CRLF, decomposed letters, emoji outside the BMP
    assert "\r\n" in text and any(ord(c) > 0xFFFF for c in text)
    checked = 0
    for unit, cut in (
        ("char", lambda s, e: text[s:e]),
        ("utf16", lambda s, e: text.encode("utf-16-le")[2 * s : 2 * e].decode("utf-16-le")),
        ("byte", lambda s, e: text.encode("utf-8")[s:e].decode("utf-8")),
    ):
        result = quotelens.extract(text, unit=unit)
        assert result["offset_unit"] == unit
        for start, end, words in spans(result):
            assert cut(start, end) == words, (unit, start, end, words)
            checked += 1
    assert checked > 60
    # the emoji quote is where char and utf16 offsets part: the same span, different numbers
    char, utf16 = quotelens.extract(text, unit="char"), quotelens.extract(text, unit="utf16")
    emoji = [i for i, a in enumerate(char["annotations"]) if any(ord(c) > 0xFFFF for c in a["text"])]
    assert emoji
    for i in emoji:
        assert char["annotations"][i]["text"] == utf16["annotations"][i]["text"]
        assert char["annotations"][i]["end"] < utf16["annotations"][i]["end"]


def test_extract_many_keeps_order_and_none(articles):
    texts = list(articles.values())
    mixed = [texts[0], None, texts[1], "", None, texts[2]]
    many = quotelens.extract_many(mixed, unit="char", threads=2)
    assert len(many) == len(mixed)
    for text, result in zip(mixed, many):
        assert result == (None if text is None else quotelens.extract(text, unit="char"))
    assert many[3]["annotations"] == []
    # one thread or every core: the same results
    assert quotelens.extract_many_json(texts, "utf16", threads=1) == quotelens.extract_many_json(texts)
    assert quotelens.extract_many([]) == []
    assert quotelens.extract_many(iter(texts[:2])) == [quotelens.extract(t) for t in texts[:2]]


def test_bad_input_gets_a_clear_error():
    with pytest.raises(TypeError, match=r"texts\[2\] must be a str, not int"):
        quotelens.extract_many(["a", None, 3])
    with pytest.raises(TypeError, match="not one str"):
        quotelens.extract_many("an article, not a list")
    with pytest.raises(TypeError, match="not int"):
        quotelens.extract_many(5)
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        quotelens.extract(b"bytes")
    with pytest.raises(ValueError, match=r"texts\[1\] is not valid Unicode.*surrogates"):
        quotelens.extract_many(["fine", "a lone \ud800 surrogate"])
    with pytest.raises(ValueError, match='unknown unit "utf-32"'):
        quotelens.extract("text", unit="utf-32")
    with pytest.raises(ValueError, match="unknown unit"):
        qa.annotate(pa.array(["text"]), unit="lines")
    with pytest.raises(TypeError, match="string array, not one of int64"):
        qa.annotate(pa.array([1, 2]))


def test_extract_many_lets_other_python_threads_run():
    # With a switch interval far longer than the call, a thread holding the GIL is never made to
    # give it up: this thread could not take one step until extract_many returned (a GIL-holding
    # builtin such as sum(range(3 * 10**7)) gives 0 steps here). With the GIL released, it steps
    # while the core works, handing the GIL back at each sleep.
    text = read_article(ROOT / "tests" / "fixtures" / "drought-geneva.txt") * 400  # ~2.5 MB
    started, done = threading.Event(), threading.Event()
    results = []

    def work():
        started.set()
        results.append(quotelens.extract_many([text, text], threads=2))
        done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(30)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        steps = 0
        while not done.is_set():
            steps += 1
            time.sleep(0.001)
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(results[0][0]["annotations"]) > 1000
    assert steps >= 5, f"only {steps} steps of Python ran during extract_many"


def test_arrow_annotate_is_extract_row_by_row(articles):
    texts = list(articles.values())
    chunked = pa.chunked_array([pa.array(texts[:5] + [None]), pa.array(texts[5:], type=pa.string())])
    table = qa.annotate(chunked, unit="char")
    assert table.schema.equals(qa.SCHEMA)
    rows = table.to_pylist()
    assert len(rows) == len(texts) + 1
    assert rows[5] == dict.fromkeys(qa.SCHEMA.names)  # a null text: a row of nulls
    del rows[5]
    for text, row in zip(texts, rows):
        assert as_cli_json(row) == quotelens.extract(text, unit="char")
    large = qa.annotate(pa.array(texts[:2], type=pa.large_string()), unit="char", threads=1)
    assert large.to_pylist() == qa.annotate(texts[:2], unit="char").to_pylist()
    assert qa.annotate(pa.array([], type=pa.string())).num_rows == 0


def test_arrow_annotate_in_pieces_is_the_same(articles, monkeypatch):
    # Long columns go to the core in pieces; the rows and the errors' item numbers must not show it.
    texts = list(articles.values())
    whole = qa.annotate(texts, unit="char")
    monkeypatch.setattr(qa, "_PIECE_BYTES", 5000)  # a piece of one or two articles
    assert qa.annotate(texts, unit="char").equals(whole)
    with pytest.raises(TypeError, match=r"texts\[12\] must be a str, not int"):
        qa.annotate(texts[:12] + [12], unit="char")


def test_arrow_annotate_refuses_an_article_past_the_output_bound():
    # A flood of one-letter quotations passes the bound of 20 bytes of JSON per byte of text: its
    # JSON counts what was left out in "truncated", a field the table has no column for.
    flood = '"a" ' * 3000
    assert quotelens.extract(flood)["truncated"] > 0
    with pytest.raises(ValueError, match=r"texts\[1\]: its output passed the bound .* annotations left out"):
        qa.annotate(["Ann Lee said the pier will close.", flood], unit="char", threads=1)
    with pytest.raises(ValueError, match=r"texts\[1\]"):
        qa.annotate(["Ann Lee said the pier will close.", flood], unit="char", threads=2)


@pytest.mark.parametrize("unit", ["utf16", "byte"])
def test_arrow_annotate_counts_offsets_in_every_unit(unit, articles):
    # The Arrow columns convert offsets through the same walk as the JSON, in each unit; a text
    # with characters outside the BMP and of several UTF-8 lengths makes the units differ.
    texts = list(articles.values())[:4] + ["Zoë Ardern 😀 said: “Ça va très bien,” and left. 🎉 “Oui.”"]
    rows = qa.annotate(texts, unit=unit, threads=1).to_pylist()
    for text, row in zip(texts, rows):
        assert as_cli_json(row) == quotelens.extract(text, unit=unit)
    assert rows[-1]["annotations"], "the invented sentence has a quotation"
