"""The layout's one rule: quiz/core/ runs in the parent's browser (Pyodide), so it imports only the standard
library and itself; build.py ships that folder whole, and nothing else of the package."""

from __future__ import annotations

import ast
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "quiz" / "core"


def imports_of(path: Path) -> set:
    """Top-level module names a file imports, relative imports resolved inside the package."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names.add(node.module or "")
            elif node.level == 1:
                names.add(f"quiz.core.{node.module}" if node.module else "quiz.core")
            else:
                names.add(f"quiz.{node.module}" if node.module else "quiz")  # leaves the core: refused below
    return names


def outside(names: set) -> list:
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    return sorted(
        n for n in names if n.split(".")[0] not in allowed and not n.startswith("quiz.core") and n != "quiz.core"
    )


def test_every_core_module_imports_only_the_standard_library_and_the_core():
    for path in sorted(CORE.glob("*.py")):
        assert outside(imports_of(path)) == [], f"{path.relative_to(ROOT)} imports outside the core"


def test_the_check_catches_an_import_from_outside(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import yaml\nfrom ..authoring import definition\nfrom . import engine\nimport json\n")
    assert outside(imports_of(bad)) == ["quiz.authoring", "yaml"]


def test_the_engine_zip_is_the_core_folder_whole():
    import build

    names = zipfile.ZipFile(io.BytesIO(build.engine_zip())).namelist()
    assert names == ["quiz/__init__.py"] + sorted(f"quiz/core/{p.name}" for p in CORE.glob("*.py"))
    assert (ROOT / "quiz" / "__init__.py").read_text().count("import") == 0, "quiz/__init__.py ships too: no imports"
