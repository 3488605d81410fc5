"""Shared machinery for LayerScope's PyTorch reference fixtures.

A family module (spatial.py, pointwise.py, losses.py) describes cases with `Recorder.case`; the
recorder runs each one through PyTorch exactly as `layerscope compute` will run it through LayerKit
and stores inputs, parameters, expected outputs, indices, input gradients, buffers after the forward
pass, PyTorch's warnings, or PyTorch's error (class and first line of the message).

Tensors are stored inline in JSON as {"dtype", "shape", "data"} with row-major data; non-finite
floats are written as the strings "nan", "inf" and "-inf" so the files stay standard JSON.
"""

import json
import math
import warnings

import torch
from torch import nn  # noqa: F401  (used by eval'd expressions)


def encode(t):
    """A tensor (or None) as a JSON-ready dict."""
    if t is None:
        return None
    t = t.detach().contiguous()
    if t.dtype in (torch.float32, torch.float64, torch.float16):
        data = []
        for v in t.double().flatten().tolist():
            if math.isnan(v):
                data.append("nan")
            elif math.isinf(v):
                data.append("inf" if v > 0 else "-inf")
            else:
                data.append(float(torch.tensor(v, dtype=torch.float32).item()))
        dtype = "float32"
    else:
        data = [int(v) for v in t.flatten().tolist()]
        dtype = {torch.int64: "int64", torch.int32: "int32", torch.uint8: "uint8"}[t.dtype]
    return {"dtype": dtype, "shape": list(t.shape), "data": data}


def _error(e):
    return {"kind": type(e).__name__, "message": str(e).strip().splitlines()[0] if str(e).strip() else ""}


class Recorder:
    """Collects the cases of one family and writes them to one JSON file."""

    def __init__(self, family, seed=0):
        self.family = family
        self.cases = []
        self.names = set()
        if seed is not None:
            torch.manual_seed(seed)

    def case(self, name, expr, input, target=None, set=None, mode="train", grad=False,
             save=(), steps=None, note=None):
        """Runs `expr` on `input` in PyTorch and records what happened.

        name   -- unique within the family
        expr   -- a torch.nn constructor expression, e.g. "nn.Conv2d(1, 2, 3, padding='same')"
        input  -- the input tensor (float32, or an integer dtype to test dtype errors)
        target -- for losses: the target tensor
        set    -- {state_dict key: tensor} loaded before the forward pass (weight, bias, running_mean, ...)
        mode   -- "train" or "eval"
        grad   -- also record d(loss)/d(input) for losses, d(output.sum())/d(input) for modules
        save   -- state_dict keys to record after the forward pass(es) (e.g. "running_mean")
        steps  -- forward passes in train mode on the same input (BatchNorm running stats), as
                  `Computation.run` counts them: in train mode the last one is recorded; in eval
                  mode they run first and one eval-mode pass is recorded:
                      for _ in range(steps): module(x)
                      module.eval(); out = module(x)
                  Default 1 in train mode, 0 in eval mode (one pass of the module as built).
        """
        assert name not in self.names, name
        if steps is None:
            steps = 1 if mode == "train" else 0
        assert steps >= (1 if mode == "train" else 0), (name, steps)
        self.names.add(name)
        rec = {"name": name, "expr": expr, "mode": mode, "input": encode(input), "steps": steps}
        if grad:
            rec["grad"] = True  # also on error cases: some errors come only from the backward pass
        if target is not None:
            rec["target"] = encode(target)
        if set:
            rec["set"] = {k: encode(v) for k, v in set.items()}
        if note:
            rec["note"] = note
        expect = {}
        caught = []
        try:
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                module = eval(expr, {"nn": nn, "torch": torch})
                if set:
                    with torch.no_grad():
                        sd = module.state_dict()
                        for k, v in set.items():
                            if sd[k].shape != v.shape:
                                raise RuntimeError(f"size mismatch for {k}")
                            sd[k].copy_(v)
                module.train()
                x = input.clone()
                if grad and x.is_floating_point():
                    x.requires_grad_(True)
                for _ in range(steps):
                    out = module(x) if target is None else module(x, target)
                if mode == "eval":
                    module.eval()
                    out = module(x) if target is None else module(x, target)
                indices = None
                if isinstance(out, tuple):
                    out, indices = out
                expect["output"] = encode(out)
                if indices is not None:
                    expect["indices"] = encode(indices)
                if grad:
                    out.sum().backward()
                    expect["grad_input"] = encode(x.grad)
                if save:
                    sd = module.state_dict()
                    expect["state"] = {k: encode(sd[k]) for k in save if k in sd}
                caught = [str(item.message).strip().splitlines()[0] for item in w]
        except Exception as e:  # noqa: BLE001 -- every PyTorch error becomes a fixture
            rec["error"] = _error(e)
        else:
            rec["expect"] = expect
        if caught:
            rec["warnings"] = caught
        self.cases.append(rec)
        return rec

    def write(self, directory):
        return write_family(directory, self.family, self.cases)


def write_family(directory, family, cases):
    """Writes one family's cases to `<directory>/<family>.json`; returns the path."""
    path = f"{directory}/{family}.json"
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "family": family, "cases": cases}, f,
                  separators=(",", ":"))
        f.write("\n")
    return path
