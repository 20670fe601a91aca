"""quiz/core/letter.py: the letter as a .docx, built with the standard library only (it runs in the worker too)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core import letter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(data: bytes) -> list:
    """The text of each paragraph of word/document.xml, tabs as \\t (what Word would show)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))  # raises if not well-formed
    lines = []
    for paragraph in root.iter(f"{W}p"):
        text = ""
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                text += node.text or ""
            elif node.tag == f"{W}tab":
                text += "\t"
        lines.append(text)
    return lines


def test_the_zip_opens_with_the_three_parts_word_needs():
    data = letter.docx_bytes("Dear IEP team,\n\nThank you.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert set(archive.namelist()) == {"[Content_Types].xml", "_rels/.rels", "word/document.xml"}
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
        assert any(o.get("PartName") == "/word/document.xml" and o.get("ContentType", "").endswith("document.main+xml")
                   for o in types)
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
        assert [r.get("Target") for r in rels] == ["word/document.xml"]


def test_one_paragraph_per_line_empty_lines_kept():
    assert paragraphs(letter.docx_bytes("One\n\nThree\r\nFour")) == ["One", "", "Three", "Four"]


def test_special_characters_are_escaped_and_come_back_unchanged():
    text = 'Tom & Jerry <script>alert("x")</script> ]]> \'quotes\' café — ñ 😀'
    data = letter.docx_bytes(text)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = archive.read("word/document.xml").decode("utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "Tom &amp; Jerry" in raw
    assert paragraphs(data) == [text]


def test_characters_xml_cannot_hold_are_dropped_so_the_file_still_opens():
    assert paragraphs(letter.docx_bytes("a\x00b\x1bc\ufffe")) == ["abc"]


def test_same_text_same_bytes():
    assert letter.docx_bytes("Hello") == letter.docx_bytes("Hello")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")))
def test_round_trip_of_any_text(text):
    expected = [letter._NOT_XML.sub("", line) for line in text.split("\n")]
    assert paragraphs(letter.docx_bytes(text)) == expected
