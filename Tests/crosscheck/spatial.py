"""Random differential cases for the spatial layers: Conv2d, MaxPool2d, AvgPool2d, AdaptiveMaxPool2d,
AdaptiveAvgPool2d.

Every parameter is drawn in random combinations, valid or not: int and per-axis kernels, strides,
paddings ('same', 'valid', negative, too large) and dilations, groups, bias, all padding modes, ceil
mode, count_include_pad, divisor_override (negative, zero, float), output sizes with None or larger
than the input, 3-D and 4-D inputs (and wrong ranks), sizes from 0 and 1 up to a little more than the
kernels, and inputs with ties, NaN and ±inf, magnitudes that make the order of a float32 sum show,
and values near float32's limit. About a third of the cases are meant to fail.

Two normalisations, as for the fixtures: Python sets in Conv2d's messages are rewritten in the
signature's order, and C++ warnings lose their " (Triggered internally at ...)" suffix. Warnings are
compared too: every warning we print must be one PyTorch gave for the same call. With
CROSSCHECK_DUMP=<directory> the failing cases are also written there, in the fixtures' JSON format.
"""

import os
import random
import re
import warnings

import torch

from .common import Checker
from fixturegen.common import write_family  # noqa: E402  (common puts fixturegen on the path)

MODES = "{'zeros', 'reflect', 'replicate', 'circular'}"
PADDING_STRINGS = "{'same', 'valid'}"


class SpatialChecker(Checker):
    """A Checker that normalises PyTorch's set-order messages and also compares warnings."""

    def __init__(self, area):
        super().__init__(area)
        self.warning_notes = []
        self.failed = []

    def _fail(self, rec, what):
        super()._fail(rec, what)
        self.failed.append(rec)

    def _compare(self, rec, run, d, grad, save, indices):
        err = rec.get("error")
        if err:
            message = err["message"]
            if message.startswith("padding_mode must be one of {"):
                err["message"] = f"padding_mode must be one of {MODES}, but got" + message.split("but got", 1)[1]
            elif message.startswith("Invalid padding string") and message.endswith("}"):
                err["message"] = message[: message.index("{")] + PADDING_STRINGS
        super()._compare(rec, run, d, grad, save, indices)
        if not err and run.returncode == 0:
            theirs = [re.sub(r" \(Triggered internally at .*\)$", "", w) for w in rec.get("warnings", [])]
            ours = [line[len("warning: "):] for line in run.stderr.splitlines() if line.startswith("warning: ")]
            extra = [w for w in ours if w not in theirs]
            if extra:
                self._fail(rec, f"warnings PyTorch did not give: {extra} (PyTorch: {theirs})")
            missing = [w for w in theirs if w not in ours]
            if missing:
                self.warning_notes.append(f"{rec['name']}: {rec['expr']}: PyTorch also warned {missing}")

    def report(self):
        ok = super().report()
        dump = os.environ.get("CROSSCHECK_DUMP")
        if dump and self.failed:
            os.makedirs(dump, exist_ok=True)
            path = write_family(dump, self.recorder.family + "-failures", self.failed)
            print(f"  failing cases written to {path}")
        if self.warning_notes:
            print(f"  ({len(self.warning_notes)} cases where PyTorch gave a warning we did not, e.g.)")
            for note in self.warning_notes[:5]:
                print("    " + note)
        return ok


def generator():
    """A Python generator seeded from torch's (which the runner seeds)."""
    return random.Random(int(torch.randint(0, 2**62, (1,)).item()))


def fmt(value):
    """Python source for an argument value."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    return repr(value)


def call(name, positional, keywords):
    args = [fmt(v) for v in positional] + [f"{k}={fmt(v)}" for k, v in keywords]
    return f"nn.{name}(" + ", ".join(args) + ")"


def int_or_pair(r, low, high):
    """An int, or a pair of ints, in [low, high]."""
    if r.random() < 0.5:
        return r.randint(low, high)
    return (r.randint(low, high), r.randint(low, high))


def as_pair(value):
    return value if isinstance(value, tuple) else (value, value)


def image(r, batch, channels, height, width, kind=None):
    """An input of shape (batch, C, H, W), or (C, H, W) when batch is None, with random contents."""
    shape = (channels, height, width) if batch is None else (batch, channels, height, width)
    kind = kind or r.choice(["randn", "randn", "randn", "ties", "special", "mixed", "huge"])
    if kind == "ties":
        x = torch.randint(-2, 3, shape).float()
    elif kind == "offset":
        x = torch.randn(shape) * r.choice([0.01, 0.1]) + r.choice([100.0, -1000.0])
    elif kind == "mixed":
        # Eight orders of magnitude: the order of a float32 sum shows.
        x = torch.randn(shape) * torch.pow(10.0, torch.randint(0, 8, shape).float())
    elif kind == "huge":
        # Near float32's limit: sums overflow.
        x = torch.sign(torch.randn(shape)) * (1 + torch.rand(shape)) * 1.5e38
    else:
        x = torch.randn(shape)
    if kind == "special" and x.numel() > 0:
        flat = x.view(-1)
        for value in [float("nan"), float("inf"), float("-inf")]:
            for _ in range(r.randint(0, 2)):
                flat[r.randrange(flat.numel())] = value
    return x


def odd_rank(r, channels, height, width):
    """An input of a rank the 2-D layers reject (or that only some accept)."""
    shape = r.choice([(), (width,), (height, width), (1, channels, 2, height, width)])
    return torch.randn(shape)


def state_for(expr):
    """Random values for every float parameter of the module `expr` builds (None if it cannot be built)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = eval(expr, {"nn": torch.nn, "torch": torch})
    except Exception:  # noqa: BLE001 -- the case records the error itself
        return None
    return {k: torch.randn(v.shape) for k, v in module.state_dict().items() if v.is_floating_point()}


# --- Conv2d ---------------------------------------------------------------------------------------

def conv_case(c, r):
    groups = r.choice([1, 1, 1, 2, 3])
    in_channels = groups * r.randint(1, 2)
    out_channels = groups * r.randint(1, 2)
    kernel = int_or_pair(r, 1, 4)
    keywords = []
    stride = None
    if r.random() < 0.4:
        stride = int_or_pair(r, 1, 3)
        keywords.append(("stride", stride))
    padding = None
    if r.random() < 0.7:
        padding = r.choice(["same", "valid", int_or_pair(r, 0, 3), int_or_pair(r, 0, 3), int_or_pair(r, -2, 2)])
        keywords.append(("padding", padding))
    if r.random() < 0.4:
        keywords.append(("dilation", int_or_pair(r, 1, 3)))
    if r.random() < 0.3:
        keywords.append(("groups", groups))
    elif groups != 1:
        keywords.append(("groups", groups))
    if r.random() < 0.3:
        keywords.append(("bias", False))
    if r.random() < 0.6:
        keywords.append(("padding_mode", r.choice(["zeros", "reflect", "replicate", "circular"])))

    positional = [in_channels, out_channels, kernel]
    invalid = r.random() < 0.3
    batch = r.choice([None, None, 0, 1, 1, 2, 3])
    channels = in_channels
    height, width = r.randint(1, 7), r.randint(1, 7)
    if r.random() < 0.1:
        # Larger images and kernels (oneDNN's blocked paths, long dilated windows).
        height, width = r.randint(8, 16), r.randint(8, 16)
        positional[2] = int_or_pair(r, 3, 7)
    bad_rank = False
    if invalid:
        what = r.choice(["groups", "in_div", "out_div", "pad_string", "mode", "kernel", "stride", "dilation",
                         "rank", "channels", "small", "negative_pad", "same_stride", "empty", "zero_channels",
                         "huge"])
        kw = dict(keywords)
        if what == "groups":
            kw["groups"] = r.choice([0, -1, -2])
        elif what == "in_div":
            positional[0] = in_channels + 1
            kw["groups"] = max(groups, 2)
        elif what == "out_div":
            positional[1] = out_channels + 1
            kw["groups"] = max(groups, 2)
        elif what == "pad_string":
            kw["padding"] = r.choice(["full", "SAME", ""])
        elif what == "mode":
            kw["padding_mode"] = r.choice(["mirror", "constant", "Zeros"])
        elif what == "kernel":
            positional[2] = r.choice([0, -1, (0, 2), (3, 0), (2, -1)])
        elif what == "stride":
            kw["stride"] = r.choice([0, -1, (1, 0), (-2, 1)])
        elif what == "dilation":
            kw["dilation"] = r.choice([0, -1, (0, 1), (2, -1)])
        elif what == "rank":
            bad_rank = True
        elif what == "channels":
            channels = in_channels + r.choice([-1, 1]) if in_channels > 1 else in_channels + 1
        elif what == "small":
            positional[2] = (r.randint(3, 6), r.randint(3, 6))
            height, width = r.randint(1, 3), r.randint(1, 3)
        elif what == "negative_pad":
            kw["padding"] = r.choice([-1, (-1, 0), (0, -3), -5])
        elif what == "same_stride":
            kw["padding"] = "same"
            kw["stride"] = r.choice([2, (1, 2), (2, 1)])
        elif what == "empty":
            height, width = r.choice([(0, 3), (3, 0), (0, 0)])
            channels = r.choice([channels, 0])
        elif what == "zero_channels":
            positional[r.choice([0, 1])] = 0
            channels = positional[0]
        elif what == "huge":
            kw[r.choice(["stride", "dilation"])] = r.choice([2**31, 2**31 - 1, (1, 2**40)])
        keywords = list(kw.items())
    if r.random() < 0.15:
        # Everything positional, in the signature's order.
        order = ["stride", "padding", "dilation", "groups", "bias", "padding_mode"]
        defaults = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True, "padding_mode": "zeros"}
        given = dict(keywords)
        last = max([order.index(k) for k in given] + [-1])
        positional += [given.get(k, defaults[k]) for k in order[: last + 1]]
        keywords = []
    expr = call("Conv2d", positional, keywords)
    # No "mixed" or "huge" inputs: PyTorch's convolution kernels (oneDNN, MKL) sum in float32 in a
    # blocked order LayerKit does not reproduce, so cancellation and overflow differ by design.
    kind = r.choice(["randn", "randn", "ties", "special"])
    x = odd_rank(r, channels, height, width) if bad_rank else image(r, batch, channels, height, width, kind)
    state = state_for(expr)
    if state and groups == 1 and r.random() < 0.15 and state["weight"].numel() > 0:
        # A non-finite weight: PyTorch's native kernels multiply it with the zero padding, oneDNN
        # mostly does not. (Not with groups: oneDNN's choice among its grouped implementations, some
        # of which multiply the padding, is not modelled.)
        state["weight"].view(-1)[r.randrange(state["weight"].numel())] = r.choice([float("inf"), float("nan")])
    c.case("conv", expr, x, set=state)


# --- Pools: what MaxPool2d and AvgPool2d share ------------------------------------------------------

def pool_window(r):
    """A kernel, its sides, and the optional stride and padding keywords (padding within half the kernel)."""
    kernel = int_or_pair(r, 1, 4)
    kh, kwid = as_pair(kernel)
    keywords = []
    if r.random() < 0.6:
        keywords.append(("stride", r.choice([None, int_or_pair(r, 1, 3)])))
    if r.random() < 0.5:
        keywords.append(("padding", (r.randint(0, kh // 2), r.randint(0, kwid // 2)) if r.random() < 0.5
                         else r.randint(0, min(kh, kwid) // 2)))
    return kernel, kh, kwid, keywords


def input_size(r):
    """A batch size (None: unbatched), channels, height and width for a pool's input."""
    batch = r.choice([None, None, 0, 1, 2, 3])
    channels = r.randint(1, 3)
    height, width = r.randint(1, 8), r.randint(1, 8)
    return batch, channels, height, width


def emptied(r, channels, height, width):
    """The same size with the channels, the height or the width set to 0."""
    return r.choice([(0, height, width), (channels, 0, width), (channels, height, 0)])


def pool_fault(r, what, positional, kw, kh, kwid, size):
    """Applies a fault both pools share to `positional` and `kw`; returns the (possibly changed) input size
    (batch, channels, height, width) and whether the input should get a rank the pools reject."""
    batch, channels, height, width = size
    bad_rank = False
    if what == "kernel":
        positional[0] = r.choice([0, -1, (0, 2), (2, -3)])
        if r.random() < 0.5:
            kw["stride"] = 1
    elif what == "stride":
        kw["stride"] = r.choice([0, -1, (1, 0), (-1, 2)])
    elif what == "pad":
        kw["padding"] = r.choice([kh // 2 + 1, (0, kwid // 2 + 1), kh + 2])
    elif what == "pad_neg":
        kw["padding"] = r.choice([-1, (0, -2)])
    elif what == "rank":
        bad_rank = True
    elif what == "empty":
        channels, height, width = emptied(r, channels, height, width)
    elif what == "small":
        positional[0] = (r.randint(3, 5), r.randint(3, 5))
        height, width = r.randint(1, 2), r.randint(1, 2)
    return (batch, channels, height, width), bad_rank


def pool_input(r, size, bad_rank):
    """The input of a pool case: of a rejected rank, or an image of `size`."""
    batch, channels, height, width = size
    return odd_rank(r, channels, height, width) if bad_rank else image(r, batch, channels, height, width)


# --- MaxPool2d ------------------------------------------------------------------------------------

def maxpool_case(c, r):
    kernel, kh, kwid, keywords = pool_window(r)
    if r.random() < 0.4:
        keywords.append(("dilation", int_or_pair(r, 1, 3)))
    return_indices = r.random() < 0.6
    if return_indices:
        keywords.append(("return_indices", True))
    if r.random() < 0.5:
        keywords.append(("ceil_mode", r.random() < 0.7))
    positional = [kernel]
    size = input_size(r)
    bad_rank = False
    if r.random() < 0.3:
        kw = dict(keywords)
        what = r.choice(["kernel", "stride", "pad", "pad_neg", "dilation", "rank", "empty", "small", "huge"])
        if what == "dilation":
            kw["dilation"] = r.choice([0, -1, (1, 0), (-2, 1)])
        elif what == "huge":
            kw[r.choice(["stride", "padding", "dilation"])] = r.choice([2**31, -(2**31) - 1, 2**31 - 1])
        else:
            size, bad_rank = pool_fault(r, what, positional, kw, kh, kwid, size)
        keywords = list(kw.items())
    expr = call("MaxPool2d", positional, keywords)
    c.case("max", expr, pool_input(r, size, bad_rank), indices=return_indices)


# --- AvgPool2d ------------------------------------------------------------------------------------

def avgpool_case(c, r):
    kernel, kh, kwid, keywords = pool_window(r)
    if r.random() < 0.5:
        keywords.append(("ceil_mode", r.random() < 0.7))
    if r.random() < 0.5:
        keywords.append(("count_include_pad", r.random() < 0.4))
    if r.random() < 0.3:
        keywords.append(("divisor_override", r.choice([None, 1, 2, 3, 7, -1, -4])))
    positional = [kernel]
    size = input_size(r)
    bad_rank = False
    if r.random() < 0.3:
        kw = dict(keywords)
        what = r.choice(["kernel", "stride", "pad", "pad_neg", "divisor", "divisor_type", "rank", "empty",
                         "small", "huge"])
        if what == "divisor":
            kw["divisor_override"] = 0
        elif what == "divisor_type":
            kw["divisor_override"] = r.choice([1.5, 2.0, True])
        elif what == "huge":
            kw[r.choice(["stride", "padding", "divisor_override"])] = r.choice([2**31, -(2**31) - 1, 2**31 - 1])
        else:
            size, bad_rank = pool_fault(r, what, positional, kw, kh, kwid, size)
        keywords = list(kw.items())
    expr = call("AvgPool2d", positional, keywords)
    c.case("avg", expr, pool_input(r, size, bad_rank))


# --- Adaptive pools -------------------------------------------------------------------------------

def adaptive_case(c, r):
    is_max = r.random() < 0.5
    name = "AdaptiveMaxPool2d" if is_max else "AdaptiveAvgPool2d"

    def side():
        return r.choice([None, 0, 1, 1, 2, 3, 4, 5, 7, 9])

    form = r.random()
    if form < 0.35:
        output_size = r.choice([0, 1, 1, 2, 3, 4, 5, 8])
    elif form < 0.9:
        output_size = (side(), side())
    else:
        output_size = r.choice([-1, (2, -3), (-1, None), (1, 1), None])
    keywords = []
    return_indices = is_max and r.random() < 0.6
    if return_indices:
        keywords.append(("return_indices", True))
    batch, channels, height, width = input_size(r)
    roll = r.random()
    if roll < 0.08:
        x = odd_rank(r, channels, height, width)
    elif roll < 0.15:
        channels, height, width = emptied(r, channels, height, width)
        x = image(r, batch, channels, height, width)
    else:
        x = image(r, batch, channels, height, width)
    expr = call(name, [output_size], keywords)
    c.case("amax" if is_max else "aavg", expr, x, indices=return_indices)


def check(n):
    c = SpatialChecker("spatial")
    r = generator()
    makers = [conv_case, conv_case, maxpool_case, avgpool_case, adaptive_case]
    torch.set_warn_always(True)
    try:
        for i in range(n):
            makers[i % len(makers)](c, r)
    finally:
        torch.set_warn_always(False)
    return c
