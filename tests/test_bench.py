"""The benchmark runs end to end on a tiny case and writes the JSON and Markdown it promises (timings are not
checked here: they belong to `make bench`, on a quiet machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_writes_results(site_dir, tmp_path):
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick", "--site", str(site_dir),
                           "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert {"machine", "budgets", "browser", "scale", "runs"} <= results.keys()
    assert {"nproc", "memory_gb", "cpu", "chromium", "pyodide", "date"} <= results["machine"].keys()

    cold, warm = results["browser"]["none_cold"], results["browser"]["none_warm"]
    for visit in (cold, warm):
        assert 0 < visit["first_question_ms"] < visit["engine_ready_ms"]
        assert visit["result_warm_engine_ms"] > 0
        assert visit["band"] and not visit["errors"]
    assert cold["questions_answered"] >= 15  # every follow-up was asked
    by_kind = cold["bytes"]
    assert by_kind["wasm"] > 1e6 and by_kind["stdlib"] > 1e5 and by_kind["html"] > 0
    assert by_kind["total"] == sum(by_kind[k] for k in ("html", "css", "js", "wasm", "stdlib", "engine", "other"))
    assert warm["bytes"]["wasm"] == 0  # the second visit is served from the browser's cache
    spanish = results["browser"]["none_cold_es"]  # the Spanish questionnaire page (es/), reported too
    assert 0 < spanish["first_question_ms"] < spanish["engine_ready_ms"] and spanish["band"] and not spanish["errors"]
    guidance = results["browser"]["guidance_first_visit"]
    assert guidance["runtime_requests"] == 0 and guidance["wasm"] == 0  # no Pyodide bytes without a questionnaire

    scale = results["scale"]
    assert scale["sites"][0]["build_s"] > 0
    assert [row["questions"] for row in scale["engine"]["sizes"]] == sorted(row["questions"] for row in
                                                                           scale["engine"]["sizes"])
    assert all(row["pyodide_score_ms"] > 0 and row["score_ms"] > 0 for row in scale["engine"]["sizes"])
    report = (tmp_path / "results.md").read_text()
    assert "| what | measured | budget |" in report and "Bytes on the wire" in report


def test_questionnaire_page_asks_for_its_scripts_from_the_head(site_dir):
    """Every module quiz.js imports is preloaded from the head, so none waits for its importer (a round trip each)."""
    import re

    html = (site_dir / "questionnaires" / "paraprofessional-support" / "index.html").read_text()
    head = html[:html.index("</head>")]
    assets = ROOT / "quiz" / "web"
    imported, queue = set(), ["quiz.js"]
    while queue:
        for name in re.findall(r'from\s*"\./([\w.-]+\.js)"', (assets / queue.pop()).read_text()):
            if name not in imported:
                imported.add(name)
                queue.append(name)
    preloaded = set(re.findall(r'<link rel="modulepreload" href="[./]*assets/quiz/([\w.-]+\.js)">', head))
    assert imported and preloaded == imported
    assert 'assets/quiz/quiz.css">' in head and 'assets/quiz/quiz.js"></script>' in head
    assert head.index("assets/quiz/quiz.css") > head.index("assets/stylesheets/main.")  # still wins the cascade
    guidance = (site_dir / "guide" / "kinds-of-support" / "index.html").read_text()
    assert "modulepreload" not in guidance and "assets/quiz/quiz.js" not in guidance
