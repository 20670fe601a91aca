"""How the build and the engine grow: generated sites (pages, questionnaires) and generated definitions (questions).

Everything is generated in a temporary folder and thrown away; nothing here is committed content.

    site_build_times(cases=[(100, 5), (500, 20)])   → mkdocs build --strict time for each generated site
    engine_times(sizes=[50, 100, 200])               → load and score time in CPython and in Pyodide (node)
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.run import ANSWERS

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "docs" / "questionnaires" / "paraprofessional-support.yml"


# ── Sites ────────────────────────────────────────────────────────────────────────────────────────


def make_site(folder: Path, pages: int, questionnaires: int, runtime_dir: Path) -> Path:
    """A copy of the real docs plus `pages` generated pages and `questionnaires` copies of the flagship
    (new ids, each with its page); returns the mkdocs.yml to build. No nav: MkDocs makes one from the files."""
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    body = "\n\n".join(
        p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for p in sorted((ROOT / "docs" / "guide").glob("*.md"))[:2]
    )  # two real pages' length
    body = body.replace("](", "](#").replace("<!-- quiz:", "<!-- not a quiz:")  # no links to check, no markers
    generated = docs / "generated"
    generated.mkdir()
    for index in range(pages):
        (generated / f"page-{index:04d}.md").write_text(
            f"---\ndescription: Generated page {index} for the build benchmark.\n---\n\n"
            f"# Generated page {index}\n\n{body}\n",
            encoding="utf-8",
        )
    source = FLAGSHIP.read_text(encoding="utf-8")
    for index in range(questionnaires):
        qid = f"generated-{index:03d}"
        (docs / "questionnaires" / f"{qid}.yml").write_text(
            source.replace("id: paraprofessional-support", f"id: {qid}", 1), encoding="utf-8"
        )
        (generated / f"{qid}.md").write_text(
            f"# Generated questionnaire {index}\n\n<!-- quiz: {qid} -->\n", encoding="utf-8"
        )
    from mkdocs.utils.yaml import get_yaml_loader  # resolves mkdocs.yml's !ENV tags, as mkdocs does

    class Loader(get_yaml_loader()):  # and `!relative $docs_dir` (snippets' base_path): the generated docs folder
        pass

    Loader.add_constructor("!relative", lambda loader, node: str(docs))
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml.load(file, Loader=Loader)  # noqa: S506 - MkDocs' safe loader, with one more tag
    config.pop("nav", None)
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["plugins"] = [{"quiz": {"runtime_dir": str(runtime_dir)}} if p == "quiz" else p for p in config["plugins"]]
    target = folder / "mkdocs.yml"
    target.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target


def build_seconds(config: Path, site_dir: Path) -> float:
    """Wall time of `mkdocs build --strict` for a config (cwd = its folder, as snippets' base_path expects)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"generated site did not build: {(done.stderr or done.stdout)[-2000:]}")
    return seconds


def site_build_times(cases: list, runtime_dir: Path, runs: int = 1) -> list:
    """For each (pages, questionnaires): generated page and questionnaire counts, and the median build time."""
    results = []
    for pages, questionnaires in cases:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            config = make_site(Path(tmp), pages, questionnaires, runtime_dir)
            total_pages = sum(1 for _ in (Path(tmp) / "docs").rglob("*.md"))
            times = [build_seconds(config, Path(tmp) / f"site{i}") for i in range(runs)]
            results.append(
                {
                    "generated_pages": pages,
                    "generated_questionnaires": questionnaires,
                    "markdown_files": total_pages,
                    "build_s": round(statistics.median(times), 2),
                }
            )
    return results


# ── Engine ───────────────────────────────────────────────────────────────────────────────────────


def big_definition(questions: int) -> tuple[dict, str]:
    """The flagship with extra area questions up to `questions` in all, each with a finding and counted in blocks;
    and an answers file answering every question (the worst case: every follow-up asked)."""
    data = yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data.pop("examples", None)
    template = next(q for q in data["questions"] if q["id"] == "academics")
    extra = max(0, questions - len(data["questions"]))
    names = []
    for index in range(extra):
        qid = f"extra_{index:03d}"
        names.append(qid)
        question = {k: v for k, v in copy.deepcopy(template).items() if k not in ("times",)}
        question["id"] = qid
        data["questions"].append(question)
        data["rules"].append(
            {
                "id": f"{qid}_high",
                "question": qid,
                "when": f"{qid} in ['often', 'always']",
                "because": "This area needs help most days.",
            }
        )
    for block in range(0, len(names), 20):  # conditions are capped at 2000 characters: count in blocks
        data["values"][f"extra_often_{block // 20}"] = f"count([{', '.join(names[block : block + 20])}], 'often')"
    answers = dict(ANSWERS)  # every follow-up asked, as in the browser runs
    for index, qid in enumerate(names):
        answers[qid] = ("never", "sometimes", "often", "always")[index % 4]
    text = json.dumps({"questionnaire": data["id"], "version": data.get("version", 1), "answers": answers})
    return data, text


def engine_times(sizes: list, pyodide_dir: Path, engine_zip: Path, repeats: int = 20) -> dict:
    """Load and score time per definition size, in CPython (this process) and in Pyodide (node)."""
    from quiz.core import engine

    cases, cpython = [], []
    for size in sizes:
        data, answers = big_definition(size)
        began = time.perf_counter()
        questionnaire = engine.load(data)
        load_ms = (time.perf_counter() - began) * 1000
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            engine.score(questionnaire, engine.parse_answers_file(answers, questionnaire))
            times.append((time.perf_counter() - began) * 1000)
        cpython.append(
            {
                "questions": len(data["questions"]),
                "load_ms": round(load_ms, 2),
                "score_ms": round(statistics.median(times), 3),
            }
        )
        cases.append({"name": str(size), "definition": json.dumps(data), "answers": answers})
    done = subprocess.run(
        ["node", str(ROOT / "benchmarks" / "engine_time.mjs"), str(pyodide_dir), str(engine_zip), str(repeats)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError("engine_time.mjs failed: " + (done.stderr.strip().splitlines() or ["?"])[-1])
    pyodide = json.loads(done.stdout)
    for row, timed in zip(cpython, pyodide["cases"], strict=True):  # the same cases, in order
        row["pyodide_load_ms"] = round(timed["load_ms"], 2)
        row["pyodide_score_ms"] = round(timed["score_ms"], 3)
    return {"pyodide_boot_ms_node": round(pyodide["boot_ms"]), "sizes": cpython}
