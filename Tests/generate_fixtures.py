#!/usr/bin/env python3
"""Regenerates LayerScope's PyTorch reference fixtures in Tests/LayerKitTests/Fixtures/.

    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy
    .venv-torch/bin/python Tests/generate_fixtures.py

Each family module under fixturegen/ writes one JSON file. `swift test` only reads the files; it
never needs PyTorch.
"""

import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

FAMILIES = ["spatial", "pointwise", "normlinear", "losses", "utility", "printing", "signatures", "explain",
            "backward_weights", "backward_layers", "training_optimizers", "training_networks"]


def main():
    out = os.path.join(HERE, "LayerKitTests", "Fixtures")
    os.makedirs(out, exist_ok=True)
    wanted = sys.argv[1:] or FAMILIES
    for family in wanted:
        module = importlib.import_module(f"fixturegen.{family}")
        recorder = module.build()
        path = recorder.write(out)
        errors = sum(1 for c in recorder.cases if "error" in c)
        print(f"{path}: {len(recorder.cases)} cases ({errors} errors)")


if __name__ == "__main__":
    main()
