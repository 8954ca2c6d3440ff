"""Code blocks in the docs run as written: each ```python / ```js block is
executed and its output compared with the ```text block right after it.
README.md is one of them: its tours must run as written."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

from conftest import BUILD, ROOT

DOCS = ["README.md", "docs/bindings.md", "docs/python.md"]
# Snippets of these pages use paths of the repository (examples/corpus).
IN_ROOT = {"docs/python.md", "README.md"}
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)


def snippets():
    for doc in DOCS:
        blocks = BLOCK.findall((ROOT / doc).read_text(encoding="utf-8"))
        for i, (lang, code) in enumerate(blocks):
            if lang in ("python", "js"):
                expected = blocks[i + 1][1] if i + 1 < len(blocks) and blocks[i + 1][0] == "text" else None
                yield pytest.param(lang, code, expected, doc in IN_ROOT, id=f"{doc}:{lang}:{i}")


def run(lang, code, tmp_path, in_root=False):
    env = dict(os.environ, VERBATIM_BUILD=str(BUILD))
    if lang == "python":
        env["PYTHONPATH"] = str(ROOT / "python")
        cmd = [sys.executable, "-c", code]
    else:
        # `require('verbatim')` as a user would write it: the package under its name.
        (tmp_path / "verbatim").symlink_to(ROOT / "node")
        env["NODE_PATH"] = str(tmp_path)
        cmd = ["node", "-e", code]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT if in_root else tmp_path, timeout=60)


@pytest.mark.parametrize("lang,code,expected,in_root", list(snippets()))
def test_snippet_runs_as_written(lang, code, expected, in_root, tmp_path):
    p = run(lang, code, tmp_path, in_root)
    assert p.returncode == 0, p.stderr
    if expected is not None:
        assert p.stdout == expected


def languages(doc):
    return sorted({p.values[0] for p in snippets() if p.id.startswith(doc + ":")})


def test_the_bindings_page_has_both_snippets():
    assert languages("docs/bindings.md") == ["js", "python"]


def test_the_python_page_has_its_tour():
    assert languages("docs/python.md") == ["python"]


def test_the_readme_has_both_tours():
    assert languages("README.md") == ["js", "python"]
