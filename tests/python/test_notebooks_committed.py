"""The committed notebooks carry no outputs and match their generator
(`make test-notebook` executes them)."""
import json
import subprocess
import sys

from conftest import ROOT

NB = ROOT / "examples" / "notebooks" / "quickstart.ipynb"


def test_quickstart_is_committed_without_outputs():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 5
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_quickstart_is_what_its_generator_writes(tmp_path):
    before = NB.read_bytes()
    try:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_quickstart_notebook.py")], check=True)
        assert NB.read_bytes() == before
    finally:
        NB.write_bytes(before)
