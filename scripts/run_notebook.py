#!/usr/bin/python3
"""Execute notebooks with nbclient on this interpreter; fail if a cell fails.

The kernel is this interpreter (sys.executable, Debian's /usr/bin/python3
under `make`), from a kernel spec written to a scratch directory, so no
user-level Jupyter setup is needed or used.

    VERBATIM_BUILD=build /usr/bin/python3 scripts/run_notebook.py examples/notebooks/*.ipynb
"""
import json
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient


def main(paths):
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "kernels", "verbatim-python3")
        os.makedirs(spec)
        with open(os.path.join(spec, "kernel.json"), "w") as f:
            json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                       "display_name": "verbatim (this interpreter)", "language": "python"}, f)
        os.environ["JUPYTER_PATH"] = tmp + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        os.environ.setdefault("MPLBACKEND", "Agg")
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=300, kernel_name="verbatim-python3",
                                    resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
            client.execute()  # raises CellExecutionError naming the failing cell
            n = sum(1 for c in nb.cells if c.cell_type == "code")
            print(f"run_notebook: {path}: {n} code cells ran")


if __name__ == "__main__":
    main(sys.argv[1:])
