"""Differential check of the `layerscope compute` binary against PyTorch on random cases.

Unlike the committed fixtures (which `swift test` replays through the library), these cases are
drawn fresh on every run and go through the real executable and real .npy files, as a user's
would. Needs PyTorch and NumPy; not part of `swift test`.

    swift build -c release
    .venv-torch/bin/python -m Tests.crosscheck.run [area ...] [--cases N] [--seed S]

A case is described as for the fixtures (fixturegen.common.Recorder.case); the checker records
what PyTorch does, runs the binary on the same tensors and compares: outputs, gradients and buffers
within rtol 1e-4 / atol 1e-4, indices exactly, and for errors exit status 2 with PyTorch's message
on a single stderr line.
"""

import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fixturegen.common import Recorder  # noqa: E402

RTOL = 1e-4
ATOL = 1e-4


def binary():
    path = os.environ.get("LAYERSCOPE_BIN") or os.path.join(HERE, "..", "..", ".build", "release", "layerscope")
    if not os.path.exists(path):
        sys.exit(f"no binary at {path}: run `swift build -c release` or set LAYERSCOPE_BIN")
    return path


def decode(t):
    """A fixture tensor dict back to a NumPy array."""
    dtype = {"float32": np.float32, "int64": np.int64, "int32": np.int32, "uint8": np.uint8}[t["dtype"]]
    data = [float(v) if isinstance(v, str) else v for v in t["data"]]
    return np.array(data, dtype=dtype).reshape(t["shape"])


class Checker:
    """Runs cases through PyTorch and the binary; collects mismatches."""

    def __init__(self, area):
        self.recorder = Recorder(area, seed=None)
        self.failures = []
        self.count = 0
        self.bin = binary()

    def case(self, name, expr, input, target=None, set=None, mode="train", grad=False, save=(),
             indices=False):
        self.count += 1
        rec = self.recorder.case(f"{name}#{self.count}", expr, input, target=target, set=set, mode=mode,
                                 grad=grad, save=save)
        with tempfile.TemporaryDirectory() as d:
            args = [self.bin, "compute", expr, "--input", f"{d}/x.npy", f"--{mode}", "--output", f"{d}/y.npy"]
            np.save(f"{d}/x.npy", decode(rec["input"]))
            if target is not None:
                np.save(f"{d}/t.npy", decode(rec["target"]))
                args += ["--target", f"{d}/t.npy"]
            for key, value in (rec.get("set") or {}).items():
                np.save(f"{d}/set-{key}.npy", decode(value))
                args += ["--set", f"{key}={d}/set-{key}.npy"]
            if grad:
                args += ["--grad-input", f"{d}/g.npy"]
            for key in save:
                args += ["--save", f"{key}={d}/save-{key}.npy"]
            if indices:
                args += ["--indices", f"{d}/i.npy"]
            run = subprocess.run(args, capture_output=True, text=True, timeout=120)
            self._compare(rec, run, d, grad, save, indices)
        return rec

    def _fail(self, rec, what):
        self.failures.append(f"{rec['name']}: {rec['expr']} input {rec['input']['shape']}: {what}")

    def _compare(self, rec, run, d, grad, save, indices):
        if "error" in rec:
            err = rec["error"]
            lines = [line for line in run.stderr.splitlines() if line.startswith("error:")]
            if run.returncode != 2:
                self._fail(rec, f"PyTorch raised {err['kind']}: {err['message']}; we exited {run.returncode}")
            elif len(lines) != 1:
                self._fail(rec, f"expected one error line, got {run.stderr!r}")
            elif err["message"] not in lines[0]:
                self._fail(rec, f"message differs:\n    PyTorch: {err['kind']}: {err['message']}\n    ours:    {lines[0]}")
            return
        if run.returncode != 0:
            self._fail(rec, f"PyTorch succeeded; we exited {run.returncode}: {run.stderr.strip()}")
            return
        expect = rec["expect"]
        self._close(rec, "output", np.load(f"{d}/y.npy"), decode(expect["output"]))
        if grad:
            self._close(rec, "grad_input", np.load(f"{d}/g.npy"), decode(expect["grad_input"]))
        for key in save:
            self._close(rec, key, np.load(f"{d}/save-{key}.npy"), decode(expect["state"][key]))
        if indices:
            ours, theirs = np.load(f"{d}/i.npy"), decode(expect["indices"])
            if ours.dtype != np.int64 or ours.shape != theirs.shape or not np.array_equal(ours, theirs):
                self._fail(rec, f"indices differ: ours {ours.dtype}{ours.shape}, PyTorch {theirs.shape}")

    def _close(self, rec, what, ours, theirs):
        if ours.shape != theirs.shape:
            self._fail(rec, f"{what} shape {ours.shape} vs PyTorch {theirs.shape}")
            return
        if ours.dtype != theirs.dtype:
            self._fail(rec, f"{what} dtype {ours.dtype} vs PyTorch {theirs.dtype}")
            return
        if theirs.dtype.kind == "f":
            ok = np.isclose(ours, theirs, rtol=RTOL, atol=ATOL, equal_nan=True)
        else:
            ok = ours == theirs
        if not ok.all():
            diff = np.nanmax(np.abs(ours.astype(np.float64) - theirs.astype(np.float64))) if ours.size else 0
            self._fail(rec, f"{what}: {int((~ok).sum())}/{ok.size} elements differ, max |Δ| {diff}")

    def report(self):
        print(f"{self.recorder.family}: {self.count} cases, {len(self.failures)} mismatches")
        for f in self.failures[:50]:
            print("  " + f)
        return not self.failures
