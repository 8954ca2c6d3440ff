"""Shared fixtures: where the built CLI is, and a small corpus of our own."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("VERBATIM_BUILD", ROOT / "build"))
SEEDS = ROOT.parent / "shared" / "seeds"

# The bindings: the package from the source tree, the extension from the build.
sys.path[:0] = [str(ROOT / "python"), str(BUILD / "python")]


@pytest.fixture(scope="session")
def cli():
    exe = BUILD / "verbatim"
    if not exe.exists():
        pytest.fail(f"{exe} is missing: run `make build` first")

    def run(*args, check=False, input=None):
        proc = subprocess.run([str(exe), *map(str, args)], capture_output=True, input=input, timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"verbatim {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr.decode()}")
        return proc

    return run


@pytest.fixture()
def small_corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "alpha.txt").write_text("The ferry board met on Monday.\n\n\u201cWe will sail,\u201d said Ines Moreau.\n", encoding="utf-8")
    (d / "beta.txt").write_text("Caf\u00e9 owners on the quay were not convinced \u2014 yet.\n", encoding="utf-8")
    (d / "notes.md").write_text("not a text file for ingest\n", encoding="utf-8")
    return d
