"""UI words in every language (quiz/web/strings.js): each language's table has every English key, with the same
{placeholders}; Python (quiz/site/ui_strings.py) reads the table exactly as the browser does."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from quiz.site import ui_strings

ROOT = Path(__file__).resolve().parent.parent
STRINGS = ROOT / "quiz" / "web" / "strings.js"


def node_tables(path: Path = STRINGS) -> dict:
    script = f"import({json.dumps(path.as_uri())}).then((m) => console.log(JSON.stringify(m.STRINGS)))"
    run = subprocess.run([shutil.which("node"), "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(run.stdout)


def test_python_reads_the_table_as_node_does():
    python = {lang: {key: entry.text for key, entry in table.items()} for lang, table in ui_strings.tables().items()}
    assert python == node_tables()
    assert set(python) >= {"en", "es"}


def test_every_language_has_every_english_key_with_the_same_placeholders():
    tables = ui_strings.tables()
    assert all(not ui_strings.missing(lang) for lang in tables), [ui_strings.missing(lang) for lang in tables]
    for lang, table in tables.items():
        for key, entry in table.items():
            english = set(re.findall(r"\{(\w+)\}", tables["en"][key].text))
            assert set(re.findall(r"\{(\w+)\}", entry.text)) == english, f"{lang} {key}: placeholders differ"


def test_a_missing_key_is_named_with_its_file_and_line(tmp_path):
    copy = tmp_path / "strings.js"
    text = STRINGS.read_text(encoding="utf-8")
    spanish = text.index("\n  es: {")
    start = text.index('    "step.back":', spanish)
    copy.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    problems = ui_strings.missing("es", copy)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith('    "step.back":'))
    assert problems == [
        f'{copy}:{line}: "step.back" has no es text (hint: add it to the `es` table, translating "Back")'
    ]
    assert ui_strings.missing("vi", copy) == [
        f"{copy}: no `vi` table in STRINGS (hint: copy the `en` table, translate each text, and keep the keys)"
    ]


def test_the_form_words_come_from_the_table():
    assert ui_strings.text("step.count", "es", number=2, total=9) == "Pregunta 2 de 9"
    assert ui_strings.text("step.count", "es-MX", number=1, total=3) == "Pregunta 1 de 3"
    assert ui_strings.text("paper.title", "vi") == ui_strings.text("paper.title", "en")  # English where none
