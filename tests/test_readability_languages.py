"""Reading level in every language: Spanish pages on the Fernández Huerta scale (at least 70; higher is easier),
printed beside the English grades; the same pages are exempt in every language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quiz.authoring import readability

ROOT = Path(__file__).resolve().parent.parent
DOCS_ES = ROOT / "docs-es"
EASY_ES = (
    "Usted puede pedir una reunión. La escuela debe escucharle. Lleve sus notas. Pregunte qué ayuda recibe "
    "su hijo y cuándo. Pida las respuestas por escrito."
)
HARD_ES = (
    "La determinación de la intensidad correspondiente de los servicios especializados requiere "
    "consideraciones interdisciplinarias fundamentadas en evaluaciones psicopedagógicas individualizadas, "
    "documentadas exhaustivamente por profesionales especializados."
)


def test_the_spanish_scale_is_fernandez_huerta_and_needs_no_download():
    assert readability.language_of(DOCS_ES) == "es" and readability.language_of(ROOT / "docs") == "en"
    easy, hard = readability.score(EASY_ES, "es"), readability.score(HARD_ES, "es")
    assert easy >= 75 > hard, (easy, hard)
    assert readability.score(EASY_ES, "en") == readability.grade(EASY_ES)  # the English scale is left as it was


def test_every_spanish_guidance_page_scores_at_least_70():
    results = readability.check(DOCS_ES)
    assert len(results) >= 20, "docs-es has almost no pages: is it there?"
    for r in results:
        assert r.lang == "es"
        assert r.words > 10 or r.page == "404.md", f"{r.page}: almost no prose was found; is extraction broken?"
    low = [f"{r.page}: {r.grade}" for r in results if r.over_limit]
    assert not low, "Spanish pages below 70 on the Fernández Huerta scale: " + ", ".join(low)
    assert {r.page for r in results if r.exempt} <= set(readability.EXEMPT)


def test_the_cli_fails_a_hard_spanish_page_and_prints_both_languages(tmp_path):
    english, spanish = tmp_path / "docs", tmp_path / "docs-es"
    english.mkdir()
    spanish.mkdir()
    (english / "page.md").write_text("# Page\n\nYou can ask for a meeting. Bring your notes.\n", encoding="utf-8")
    (spanish / "page.md").write_text("# Página\n\n" + HARD_ES + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "quiz.authoring.readability"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "docs-es/page.md: scores" in run.stderr and "below 70" in run.stderr
    header = run.stdout.splitlines()[0]
    assert "en grade" in header and "es FH" in header
    assert "es: OVER LIMIT" in run.stdout
    (spanish / "page.md").write_text("# Página\n\n" + EASY_ES + "\n", encoding="utf-8")
    assert readability.main([str(english), str(spanish)]) == 0
