"""core/boilerplate_table.h is what scripts/gen_boilerplate_table.py makes of
data/boilerplate.txt (rules, word lists and the tries the classifier walks),
and the generator refuses patterns the tries cannot express."""
import subprocess

from conftest import ROOT

GEN = ROOT / "scripts" / "gen_boilerplate_table.py"


def generate(data):
    return subprocess.run(["/usr/bin/python3", str(GEN), str(data)], capture_output=True, text=True,
                          timeout=60)


def test_committed_table_is_the_generators_output():
    proc = generate(ROOT / "data" / "boilerplate.txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (ROOT / "core" / "boilerplate_table.h").read_text(encoding="utf-8")


def test_a_pattern_holding_a_tab_is_refused(tmp_path):
    data = (ROOT / "data" / "boilerplate.txt").read_text(encoding="utf-8")
    bad = tmp_path / "boilerplate.txt"
    bad.write_text(data + 'furniture prefix "read\tmore" maxwords=10\n', encoding="utf-8")
    proc = generate(bad)
    assert proc.returncode != 0
    assert "white space in a pattern" in proc.stderr
