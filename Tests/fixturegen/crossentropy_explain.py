"""CrossEntropyLoss's drill-down checked against PyTorch: a fixed (4, 5) input and class targets,
with class weights, label smoothing and an ignored item, under each reduction — the per-item losses
and the reduced loss. Writes Tests/ScenesTests/Fixtures/crossentropy-explain.json; run with a torch
environment: python Tests/fixturegen/crossentropy_explain.py
"""

import json
import pathlib

import torch
from torch import nn

X = [[0.5, -1.0, 2.0, 0.25, -0.5],
     [1.5, 0.0, -0.75, 0.5, 1.0],
     [-0.25, 0.75, 0.5, -1.5, 2.5],
     [0.0, 1.25, -2.0, 1.0, 0.5]]
TARGET = [1, 2, 0, 3]
WEIGHT = [1.0, 2.0, 0.5, 1.0, 1.0]


def main():
    x = torch.tensor(X, dtype=torch.float32)
    t = torch.tensor(TARGET)
    cases = []
    for reduction in ["none", "mean", "sum"]:
        expr = (f"nn.CrossEntropyLoss(weight=torch.tensor({WEIGHT}), ignore_index=2, "
                f"reduction='{reduction}', label_smoothing=0.1)")
        m = nn.CrossEntropyLoss(weight=torch.tensor(WEIGHT), ignore_index=2, reduction=reduction, label_smoothing=0.1)
        out = m(x, t)
        cases.append({"expr": expr, "output": [float(v) for v in out.reshape(-1)]})
    path = pathlib.Path(__file__).resolve().parents[1] / "ScenesTests" / "Fixtures" / "crossentropy-explain.json"
    path.write_text(json.dumps({"torch": torch.__version__, "input": X, "target": TARGET, "cases": cases}, indent=1) + "\n")


if __name__ == "__main__":
    main()
