"""Random loss cases: L1Loss, MSELoss and CrossEntropyLoss against PyTorch.

Every reduction (with the deprecated 'elementwise_mean', bad strings and the legacy size_average /
reduce), broadcasting and non-broadcastable shapes, empty and 0-d tensors, huge values and NaN/+/-inf;
CrossEntropyLoss with random C, (C) / (N, C) / (N, C, d1..dK) inputs, weights (in the expression and
through --set), ignore_index in and out of range, label_smoothing (negative, in [0, 1], above 1),
class-index targets (int64, uint8, and int32, which the command line reads as int64: PyTorch is run
on the int64 version) and probability targets, with a good share of invalid cases.
"""

import os
import subprocess
import tempfile
import warnings

import numpy as np
import torch

from .common import Checker, decode
from .pointwise import float_text, prefix, random_for, random_shape, random_values


class LossChecker(Checker):
    """A Checker that can also hand the binary an int32 copy of an int64 class target."""

    def case_int32_target(self, name, expr, input, target, set=None, grad=False):
        """PyTorch runs on the int64 `target`; the binary reads the same values from an int32 file."""
        self.count += 1
        rec = self.recorder.case(f"{name}#{self.count}", expr, input, target=target, set=set, grad=grad)
        with tempfile.TemporaryDirectory() as d:
            args = [self.bin, "compute", expr, "--input", f"{d}/x.npy", "--train", "--output", f"{d}/y.npy",
                    "--target", f"{d}/t.npy"]
            np.save(f"{d}/x.npy", decode(rec["input"]))
            np.save(f"{d}/t.npy", decode(rec["target"]).astype(np.int32))
            for key, value in (rec.get("set") or {}).items():
                np.save(f"{d}/set-{key}.npy", decode(value))
                args += ["--set", f"{key}={d}/set-{key}.npy"]
            if grad:
                args += ["--grad-input", f"{d}/g.npy"]
            run = subprocess.run(args, capture_output=True, text=True, timeout=120)
            self._compare(rec, run, d, grad, (), False)
        return rec

    def _compare(self, rec, run, d, grad, save, indices):
        error = rec.get("error", {}).get("message", "")
        lines = [line for line in run.stderr.splitlines() if line.startswith("error:")]
        if run.returncode == 2 and len(lines) == 1 and error.startswith("Target ") \
                and error.endswith(" is out of bounds.") and error not in lines[0]:
            # PyTorch's own race: accept our message if PyTorch gives it on some runs.
            ours = lines[0].split("error: target: ", 1)[-1].split(" (IndexError)")[0]
            if ours in torch_messages(rec):
                return
        super()._compare(rec, run, d, grad, save, indices)


# Cases LayerScope is known to get wrong, outside the layer code (see the crosscheck notes in the
# report): a weight tensor's dtype is lost by the expression parser. Off unless asked for.
KNOWN_DEVIATIONS = os.environ.get("LAYERSCOPE_CROSSCHECK_KNOWN") == "1"

def torch_messages(rec, tries=40):
    """PyTorch's error messages over repeated runs of a recorded case.

    CrossEntropyLoss with reduction 'none' checks target ranges in parallel over the batch, so which
    out-of-range target it names is a race between threads.
    """
    seen = set()
    x, t = torch.from_numpy(decode(rec["input"])), torch.from_numpy(decode(rec["target"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(tries):
            module = eval(rec["expr"], {"nn": torch.nn, "torch": torch})
            try:
                module(x, t)
            except Exception as e:  # noqa: BLE001
                seen.add(str(e).strip().splitlines()[0])
    return seen


REDUCTIONS = ["'none'", "'mean'", "'sum'", "'elementwise_mean'"]
BAD_REDUCTIONS = ["'avg'", "'Mean'", "''", "'batchmean'", "'none '"]


def reduction_text(rng):
    return rng.choice(BAD_REDUCTIONS) if rng.random() < 0.08 else rng.choice(REDUCTIONS)


def reduction_args(rng):
    """Keyword (or positional) text for the reduction arguments, possibly empty."""
    roll = rng.random()
    if roll < 0.2:
        return []
    if roll < 0.75:
        return [f"reduction={reduction_text(rng)}"]
    # The legacy pair, which overrides reduction.
    args = []
    for key in ("size_average", "reduce"):
        value = rng.choice(["None", "True", "False", None])
        if value is not None:
            args.append(f"{key}={value}")
    if rng.random() < 0.4:
        args.append(f"reduction={reduction_text(rng)}")
    return args


# MARK: - L1Loss, MSELoss

def broadcast_partner(rng, shape):
    """A target shape: the same (mostly), broadcastable, or not broadcastable."""
    roll = rng.random()
    if roll < 0.65:
        return shape, True
    if roll < 0.88:
        # Broadcastable: drop leading dims, set some to 1, or add leading dims.
        s = list(shape)
        if s and rng.random() < 0.4:
            s = s[rng.randint(0, len(s)):]
        s = [1 if rng.random() < 0.4 else d for d in s]
        if rng.random() < 0.3:
            s = [rng.choice([1, 2, 3])] + s
        return tuple(s), None  # None: PyTorch decides
    s = list(shape) or [2]
    i = rng.randrange(len(s))
    s[i] = s[i] + rng.choice([1, 2]) if s[i] != 1 else 3
    return tuple(s), None


def elementwise(c, rng, count):
    for _ in range(count):
        loss = rng.choice(["L1Loss", "MSELoss"])
        args = reduction_args(rng)
        if args and rng.random() < 0.15 and args[0].startswith("reduction="):
            args = ["None", "None", args[0].split("=", 1)[1]]  # positional
        expr = f"{prefix(rng)}{loss}({', '.join(args)})"
        shape = random_shape(rng, max_rank=4)
        target_shape, _ = broadcast_partner(rng, shape)
        x = random_values(rng, shape)
        kind = rng.random()
        if kind < 0.8:
            t = random_values(rng, target_shape)
        elif kind < 0.9:
            t = torch.randint(-5, 6, target_shape, dtype=torch.int64)
        else:
            t = torch.randint(0, 256, target_shape, dtype=torch.uint8)
        if kind >= 0.8 and rng.random() < 0.3 and t.dtype == torch.int64:
            c.case_int32_target("elementwise_int32", expr, x, t, grad=rng.random() < 0.8)
            continue
        c.case("elementwise", expr, x, target=t, grad=rng.random() < 0.8)


# MARK: - CrossEntropyLoss

def ce_input_shape(rng, classes):
    rank = rng.choice([1, 2, 2, 2, 3, 3, 4, 4, 5, 1, 2, 2, 3, 4, 5, 2, 2, 3, 4, 0])
    if rank == 0:
        return ()
    if rank == 1:
        return (classes,)
    batch = rng.choice([0, 1, 2, 3, 4]) if rng.random() < 0.15 else rng.choice([1, 2, 3, 4])
    spatial = [rng.choice([1, 2, 3]) if rng.random() > 0.08 else 0 for _ in range(rank - 2)]
    return (batch, classes, *spatial)


def ce_class_target(rng, shape, classes, ignore_index, invalid):
    """Class indices for an input of `shape`: (N, d1..dK), () for a (C) input."""
    if len(shape) == 0:
        target_shape = ()
    elif len(shape) == 1:
        target_shape = () if rng.random() < 0.85 else (1,)
    else:
        target_shape = (shape[0], *shape[2:])
    if invalid and rng.random() < 0.5:
        # A wrong shape: batch, spatial size or rank.
        s = list(target_shape)
        choice = rng.randrange(4)
        if choice == 0 and s:
            s[0] += 1
        elif choice == 1 and len(s) > 1:
            s[-1] += 1
        elif choice == 2 and s:
            s = s[:-1]
        else:
            s = s + [2]
        target_shape = tuple(s)
    count = int(np.prod(target_shape)) if target_shape else 1
    values = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.12 and ignore_index is not None:
            values.append(ignore_index)
        elif invalid and roll < 0.3:
            values.append(rng.choice([classes, classes + 3, -1, -100, 255, 10**6]))
        else:
            values.append(rng.randrange(max(classes, 1)))
    return torch.tensor(values, dtype=torch.int64).reshape(target_shape)


def ce_weights(rng, classes, invalid):
    n = classes
    if invalid and rng.random() < 0.4:
        n = classes + rng.choice([-1, 1, 2]) if classes > 0 else 2
    values = [rng.choice([0.0, 0.5, 1.0, 2.0, 0.1, 3.0, round(rng.uniform(0, 4), 3)]) for _ in range(max(n, 0))]
    if rng.random() < 0.1:
        values = [round(rng.uniform(-1, 1), 3) for _ in range(max(n, 0))]
    return values


def cross_entropy(c, rng, count):
    for _ in range(count):
        classes = rng.choice([1, 2, 3, 4, 5, 7]) if rng.random() > 0.03 else 0
        invalid = rng.random() < 0.3
        shape = ce_input_shape(rng, classes)
        args = []
        weights = None
        if rng.random() < 0.35:
            weights = ce_weights(rng, classes, invalid)
            if KNOWN_DEVIATIONS:
                # May print only ints (a Long tensor) or ask for float64: PyTorch rejects both weights.
                text = ", ".join(float_text(rng, w) for w in weights)
                dtype = rng.choice(["", "", ", dtype=torch.float32", ", dtype=torch.float64"])
            else:
                text = ", ".join(repr(float(w)) for w in weights)
                dtype = rng.choice(["", "", ", dtype=torch.float32", ", dtype=torch.float"])
            args.append(f"weight=torch.tensor([{text}]{dtype})")
        ignore_index = None
        probabilities = rng.random() < 0.3
        if rng.random() < 0.35:
            if probabilities and not invalid:
                ignore_index = rng.choice([-100, -1, -5])
            else:
                ignore_index = rng.choice([-100, -1, 0, 1, 2, classes - 1, classes, 255, -5, 1000])
            args.append(f"ignore_index={ignore_index}")
        if rng.random() < 0.35:
            eps = rng.choice([0.0, 0.1, 0.25, 0.5, 1.0, -0.1, 0.05, round(rng.uniform(0, 1), 3)]
                             + ([1.5, 1.0001, 2, float("inf")] if invalid else []))
            args.append(f"label_smoothing={float_text(rng, eps)}")
        args += reduction_args(rng)
        if invalid and rng.random() < 0.15:
            args.append(rng.choice(["ignore_index=1.5", "ignore_index=None", "ignore_index='a'", "ignore_index=True",
                                    "label_smoothing='a'", "label_smoothing=None", "weight=1.0", "weight='w'",
                                    "weight=(1.0, 2.0)"]
                                   + (["label_smoothing=True", "reduce=0", "size_average=1", "weight=[1.0, 2.0]"]
                                      if KNOWN_DEVIATIONS else [])))
            # One value per keyword, and no bad reduction string: PyTorch checks that one first, at the
            # call, while LayerScope checks argument types when it binds them (see the report).
            seen = {}
            for a in args:
                seen[a.split("=")[0]] = a
            args = [a for a in seen.values() if not any(bad in a for bad in BAD_REDUCTIONS)]
        rng.shuffle(args)
        expr = f"{prefix(rng)}CrossEntropyLoss({', '.join(args)})"
        x = random_values(rng, shape, specials=rng.choice([0.0, 0.0, 0.02, 0.1]))
        grad = rng.random() < 0.85
        set_ = None
        if weights is not None and rng.random() < 0.25 and len(weights) == classes:
            set_ = {"weight": torch.tensor([round(rng.uniform(0, 3), 3) for _ in range(classes)])}

        if probabilities:
            # Probability targets: same shape, float.
            t = torch.rand(shape) if rng.random() < 0.5 else torch.randn(shape).softmax(
                1 if len(shape) > 1 else 0) if len(shape) > 0 else torch.rand(())
            if invalid and rng.random() < 0.5:
                t = (t * 5).to(rng.choice([torch.int64, torch.uint8]))
            c.case("ce_probabilities", expr, x, target=t.to(t.dtype), set=set_, grad=grad)
            continue
        if invalid and rng.random() < 0.08:
            # A float target of another shape.
            t = random_values(rng, (shape[0],) if shape else (2,))
            c.case("ce_float_wrong_shape", expr, x, target=t, set=set_, grad=grad)
            continue
        t = ce_class_target(rng, shape, classes, ignore_index, invalid)
        dtype_roll = rng.random()
        if dtype_roll < 0.15 and t.numel() and (t.min() >= 0 and t.max() <= 255 or invalid):
            t = t.clamp(0, 255).to(torch.uint8)
        elif dtype_roll < 0.3:
            if (t.abs() < 2**31).all():
                c.case_int32_target("ce_int32", expr, x, t, set=set_, grad=grad)
                continue
        c.case("ce_classes", expr, x, target=t, set=set_, grad=grad)


def check(n):
    c = LossChecker("losses")
    rng = random_for(0x1055)
    elementwise(c, rng, n * 4 // 10)
    cross_entropy(c, rng, n - n * 4 // 10)
    return c
