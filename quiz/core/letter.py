"""The parent's letter as a Word document (.docx), made from plain text with the standard library only.

Runs in the parent's browser (the engine worker, through Pyodide) so the letter never leaves the device. A .docx
is a zip of XML files (WordprocessingML, ECMA-376); Word, LibreOffice and Google Docs open one with just three
parts: [Content_Types].xml, _rels/.rels and word/document.xml. Each line of the text becomes one paragraph; a
line of form feeds only (\f, as in plain text) becomes a page break, so a letter in two languages can put each
copy on its own page.

    data = docx_bytes("Dear IEP team,\\n\\nI am writing…")
"""

from __future__ import annotations

import io
import re
import zipfile

_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so the same text always gives the same bytes
# Characters XML 1.0 cannot hold at all (control characters other than tab, newline and carriage return,
# unpaired surrogates, U+FFFE and U+FFFF): dropped rather than making a file Word refuses to open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def escape(text: str) -> str:
    """Text made safe for XML character data: &, < and > escaped, characters XML cannot hold removed."""
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def document_xml(text: str) -> str:
    """word/document.xml: one paragraph per line; an empty line is an empty paragraph; tabs are kept; a line of
    form feeds only is a paragraph holding a page break (a form feed elsewhere is dropped, as XML cannot hold it)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = []
    for line in lines:
        if line and not line.strip("\f"):
            paragraphs.append(PAGE_BREAK)
            continue
        runs = []
        for index, part in enumerate(line.split("\t")):
            if index:
                runs.append("<w:tab/>")
            if part:
                runs.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
        paragraphs.append(f"<w:p><w:r>{''.join(runs)}</w:r></w:p>" if runs else "<w:p/>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{"".join(paragraphs)}'
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="720" w:footer="720" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )


def docx_bytes(text: str) -> bytes:
    """A minimal, valid .docx holding `text`, one paragraph per line (US Letter, one-inch margins)."""
    if not isinstance(text, str):
        raise TypeError("the letter must be text")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document_xml(text)),
        ):
            info = zipfile.ZipInfo(name, date_time=_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()
