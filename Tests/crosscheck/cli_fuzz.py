"""Throws malformed command lines, expressions and .npy files at `layerscope compute`.

Every run must end in exit status 0 (the mistake happened to be valid) or 2 with exactly one line on
stderr, starting with `error:`; anything else (a crash, a signal, a hang, another status, a
multi-line dump) is a bug. Cases that can never be valid must exit 2. Needs NumPy only.

    swift build -c release
    python -m Tests.crosscheck.cli_fuzz [--cases N] [--seed S]
"""

import argparse
import os
import random
import stat
import struct
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 30

# One valid expression per layer and then some, with the input (and target) each one wants.
IMAGE = "image"       # (2, 3, 6, 6) float32
VECTOR = "vector"     # (4, 5) float32 (Linear(5, 3), losses)
LOSS_CLASSES = "ce"   # input (4, 5), int64 target (4,)
LOSS_VALUES = "reg"   # input (4, 5), float32 target (4, 5)
VALID = [
    ("nn.Conv2d(3, 4, 3, stride=2, padding=1, dilation=1, groups=1, bias=True, padding_mode='zeros')", IMAGE),
    ("nn.Conv2d(3, 6, (3, 2), padding='same', groups=3, padding_mode='reflect')", IMAGE),
    ("nn.MaxPool2d(3, stride=2, padding=1, dilation=1, return_indices=True, ceil_mode=True)", IMAGE),
    ("nn.AvgPool2d((2, 3), stride=(1, 2), padding=(1, 1), ceil_mode=False, count_include_pad=False, divisor_override=3)", IMAGE),
    ("nn.AdaptiveMaxPool2d((None, 4), return_indices=True)", IMAGE),
    ("nn.AdaptiveAvgPool2d(3)", IMAGE),
    ("nn.Sigmoid()", IMAGE), ("nn.Tanh()", IMAGE), ("nn.ReLU(inplace=False)", IMAGE),
    ("nn.LeakyReLU(negative_slope=0.2, inplace=False)", IMAGE), ("nn.ReLU6()", IMAGE),
    ("nn.GELU(approximate='tanh')", IMAGE), ("nn.SELU()", IMAGE), ("nn.Softmax(dim=1)", IMAGE),
    ("nn.BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", IMAGE),
    ("nn.Linear(5, 3, bias=True)", VECTOR),
    ("nn.Dropout(p=0.5, inplace=False)", IMAGE), ("nn.Dropout2d(p=0.25)", IMAGE),
    ("nn.L1Loss(reduction='sum')", LOSS_VALUES), ("nn.MSELoss(size_average=None, reduce=None, reduction='mean')", LOSS_VALUES),
    ("nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0, 1.0]), ignore_index=-100, reduction='mean', label_smoothing=0.1)", LOSS_CLASSES),
]
LAYER_NAMES = ["Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveMaxPool2d", "AdaptiveAvgPool2d", "Sigmoid", "Tanh",
               "ReLU", "LeakyReLU", "ReLU6", "GELU", "SELU", "Softmax", "BatchNorm2d", "Linear", "Dropout",
               "Dropout2d", "L1Loss", "MSELoss", "CrossEntropyLoss"]
NOISE = list("()[]{},.=-+*/'\"\\_ 0123456789eE#:;@!?<>|&^%$~`") + ["é", "∞", "（", "）", "\u200b", "😀", "ß", "\t",
                                                                    "\u00a0", "ı", "İ", "ﬁ", "٣", "²"]
HUGE = ["1" + "0" * 30, "-" + "9" * 25, "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "1e999", "-1e999", "1e-999", "4294967296", "2147483648", "10**30", "1_000", "0x10", "0b1", "1j",
        "float('nan')", "float('inf')", "float('-inf')", "True", "None", "(1, 2, 3)", "[]", "()", "''",
        "torch.tensor([])", "torch.tensor([[1.0]])", "'same'", "-0", "0.0", "1.5", "-1", "0", "1" * 400]


class Fuzzer:
    def __init__(self, binary, rng, directory):
        self.bin = binary
        self.rng = rng
        self.dir = directory
        self.count = 0
        self.failures = []
        self.files = self._make_files()

    # MARK: Files

    def path(self, name):
        return os.path.join(self.dir, name)

    def _save(self, name, array):
        np.save(self.path(name), array)
        return self.path(name)

    def _make_files(self):
        g = np.random.default_rng(self.rng.randrange(2**32))
        files = {
            IMAGE: self._save("image.npy", g.standard_normal((2, 3, 6, 6)).astype(np.float32)),
            VECTOR: self._save("vector.npy", g.standard_normal((4, 5)).astype(np.float32)),
            "ce_target": self._save("ce_target.npy", np.array([0, 4, 2, 1], dtype=np.int64)),
            "reg_target": self._save("reg_target.npy", g.standard_normal((4, 5)).astype(np.float32)),
            "scalar": self._save("scalar.npy", np.array(1.5, dtype=np.float32)),
        }
        return files

    def inputs_for(self, kind):
        if kind == IMAGE:
            return ["--input", self.files[IMAGE]]
        if kind == VECTOR:
            return ["--input", self.files[VECTOR]]
        if kind == LOSS_CLASSES:
            return ["--input", self.files[VECTOR], "--target", self.files["ce_target"]]
        return ["--input", self.files[VECTOR], "--target", self.files["reg_target"]]

    # MARK: Running

    def run(self, args, what, must_fail=False, check=None):
        """Runs the binary; records a failure unless it exits 0 (allowed unless must_fail) or 2 cleanly."""
        self.count += 1
        try:
            run = subprocess.run([self.bin, *args], capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.failures.append(f"{what}: no answer within {TIMEOUT} s (hang): {args!r}")
            return None
        stderr = run.stderr.decode("utf-8", errors="replace")
        lines = stderr.splitlines()
        if run.returncode < 0:
            self.failures.append(f"{what}: killed by signal {-run.returncode}: {args!r}\n      {stderr[-400:]!r}")
        elif run.returncode == 0:
            if must_fail:
                self.failures.append(f"{what}: exited 0, expected 2: {args!r}")
            elif check:
                problem = check()
                if problem:
                    self.failures.append(f"{what}: {problem}: {args!r}")
        elif run.returncode != 2:
            self.failures.append(f"{what}: exited {run.returncode}: {args!r}\n      {stderr[-400:]!r}")
        elif len(lines) != 1 or not lines[0].startswith("error: "):
            self.failures.append(f"{what}: exit 2 but stderr is not one 'error:' line: {args!r}\n      {stderr[:600]!r}")
        return run

    def compute(self, expr, extra, what, must_fail=False, check=None):
        out = self.path("out.npy")
        return self.run(["compute", expr, *extra, "--output", out], what, must_fail, check)

    # MARK: Expressions

    def mutate(self, text):
        rng = self.rng
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(8)
            i = rng.randrange(len(chars) + 1)
            if op == 0 and chars:
                del chars[min(i, len(chars) - 1)]
            elif op == 1 and chars:
                j = min(i, len(chars) - 1)
                chars.insert(j, chars[j])
            elif op == 2:
                chars.insert(i, rng.choice(NOISE))
            elif op == 3:
                chars = chars[:i]
            elif op == 4 and len(chars) > 1:
                j = rng.randrange(len(chars))
                chars[i % len(chars)], chars[j] = chars[j], chars[i % len(chars)]
            elif op == 5:
                # Replace a number with a huge or odd literal.
                s = "".join(chars)
                digits = [k for k, ch in enumerate(s) if ch.isdigit()]
                if digits:
                    k = rng.choice(digits)
                    end = k
                    while end < len(s) and (s[end].isdigit() or s[end] in "._e"):
                        end += 1
                    start = k
                    while start > 0 and (s[start - 1].isdigit() or s[start - 1] == "."):
                        start -= 1
                    chars = list(s[:start] + rng.choice(HUGE) + s[end:])
            elif op == 6:
                chars.insert(i, rng.choice(["(", ")", "[", "]", "'", '"', ",", "=", "((", "))"]))
            else:
                # Replace an argument value after '=' with something of another type.
                s = "".join(chars)
                eq = [k for k, ch in enumerate(s) if ch == "="]
                if eq:
                    k = rng.choice(eq) + 1
                    end = k
                    depth = 0
                    while end < len(s) and not (depth == 0 and s[end] in ",)"):
                        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(s[end], 0)
                        end += 1
                    chars = list(s[:k] + rng.choice(HUGE) + s[end:])
        return "".join(chars)

    def expressions(self, n):
        for _ in range(n):
            expr, kind = self.rng.choice(VALID)
            self.compute(self.mutate(expr), self.inputs_for(kind), "mutated expression")

    def fixed_expressions(self):
        image = self.inputs_for(IMAGE)
        bad = ["", " ", "nn", "nn.", "nn.()", "nn.ReLU", "nn.ReLU(", "nn.ReLU())", "nn.ReLU()()", "ReLU",
               "nn.Conv3d(1, 2, 3)", "nn.Foo()", "nn.relu()", "nn.RELU()", "torch.nn.functional.relu(x)",
               "torch.relu()", "nn.nn.ReLU()", "torch.torch.nn.ReLU()", "nn.ReLU(inplace=)", "nn.ReLU(=True)",
               "nn.ReLU(,)", "nn.ReLU(True,,)", "nn.Softmax(dim=1, dim=2)", "nn.Softmax(1, dim=1)",
               "nn.Softmax(dim=1) + 1", "nn.Softmax(dim=1); import os", "nn.Softmax(dim=(1))",
               "nn.Softmax(dim=[1])", "nn.Softmax(dim=-)", "nn.Softmax(dim=--1)", "nn.Softmax(dim=+-1)",
               "nn.Softmax(dim='1')", "nn.Softmax(dim=\"1\")", "nn.GELU(approximate='tanh)",
               "nn.GELU(approximate='\\')", "nn.GELU(approximate='" + "t" * 5000 + "')",
               "nn.LeakyReLU(1e999)", "nn.LeakyReLU(-1e999)", "nn.LeakyReLU(1.)", "nn.LeakyReLU(.5)",
               "nn.LeakyReLU(5.)", "nn.LeakyReLU(1e)", "nn.LeakyReLU(1e+)", "nn.LeakyReLU(0x1)",
               "nn.LeakyReLU(1_0)", "nn.LeakyReLU(_1)", "nn.LeakyReLU(1__0)", "nn.Dropout(p=float('nan'))",
               "nn.Dropout(p=float('foo'))", "nn.Dropout(p=float(0.5))", "nn.Dropout(p=float)",
               "nn.Dropout(p=torch.tensor([0.5]))", "nn.Dropout(torch)", "nn.Dropout(torch.)",
               "nn.CrossEntropyLoss(weight=torch.tensor([[1.0]]))", "nn.CrossEntropyLoss(weight=torch.tensor(1.0))",
               "nn.CrossEntropyLoss(weight=torch.tensor([1.0], dtype=torch.int64))",
               "nn.CrossEntropyLoss(weight=torch.tensor([1.0], dtype=))", "nn.CrossEntropyLoss(weight=torch.ones(5))",
               "nn.CrossEntropyLoss(weight=[1.0, 2.0])", "nn.Conv2d(3, 4, 10**30)", "nn.Conv2d(3, 4, 3, padding='full')",
               "nn.Conv2d(3, 4, (3,))", "nn.Conv2d(3, 4, (3, 3, 3))", "nn.Conv2d(3, 4, ())", "nn.Conv2d(3, 4, (None, 3))",
               "nn.MaxPool2d(9223372036854775807)", "nn.MaxPool2d(3, stride=9223372036854775807)",
               "nn.MaxPool2d(3, padding=-9223372036854775807)", "nn.AvgPool2d(3, divisor_override=0)",
               "nn.AdaptiveAvgPool2d(9223372036854775807)", "nn.AdaptiveAvgPool2d((None, None))",
               "nn.AdaptiveMaxPool2d(-1)", "nn.Linear(9223372036854775807, 1)", "nn.Linear(-1, 3)",
               "nn.Linear(3037000500, 3037000500)", "nn.BatchNorm2d(-3)", "nn.BatchNorm2d(9223372036854775807)",
               "nn.BatchNorm2d(3, momentum=None, eps=-1)", "nn.Conv2d(9223372036854775807, 1, 1)",
               "nn.Conv2d(1, 9223372036854775807, 1)", "nn.Conv2d(3, 3037000500, 3037000500)",
               "nn.Conv2d(3, 4, 3, stride=0)", "nn.Conv2d(3, 4, 3, dilation=-9223372036854775807)",
               "nn.Softmax(dim=-9223372036854775807)", "nn.Softmax(dim=9223372036854775807)",
               "(" * 20000 + ")" * 20000, "nn.Softmax(" + "(" * 20000 + "1" + ")" * 20000 + ")",
               "nn.Softmax(" + "(" * 60000 + "1" + ")" * 60000 + ")", "nn.Softmax(" + "[" * 60000,
               "nn.Softmax(" + "[" * 20000 + "]" * 20000 + ")", "nn.ReLU(" + "True, " * 5000 + ")",
               "nn.Linear(1099511627776, 2)", "nn.BatchNorm2d(1099511627776)", "nn.Conv2d(1048576, 1048576, 1)",

               "nn.CrossEntropyLoss(weight=torch.tensor([" + "1.0, " * 20000 + "]))",
               "nn.ReLU(inplace=True)\n", "\nnn.ReLU()", "nn.ReLU(\ninplace=True)", "nn.ReLU()\x7f",
               "nn.Re\u200bLU()", "ｎｎ.ReLU()", "nn.ReLU（）"]
        for expr in bad:
            self.compute(expr, image, "malformed expression")
        for name in LAYER_NAMES:
            for args in ["", "1", "1.5", "'x'", "None", "True", "(1, 2)", "torch.tensor([1.0])", "x=1",
                         "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", "-1", "0", "9223372036854775807"]:
                self.compute(f"nn.{name}({args})", image, "wrong argument types")

    # MARK: .npy files

    def npy_bytes(self, header_dict, data=b"", version=(1, 0), magic=b"\x93NUMPY", raw_header=None):
        header = (raw_header if raw_header is not None else repr(header_dict)).encode("latin1")
        header += b" " * ((64 - (len(header) + 11) % 64) % 64) + b"\n"
        if version[0] == 1:
            length = struct.pack("<H", len(header) % 65536)
        else:
            length = struct.pack("<I", len(header))
        return magic + bytes(version) + length + header + data

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def npy_files(self):
        """(description, path, must_fail) for broken and unusual .npy files."""
        rng = self.rng
        g = np.random.default_rng(rng.randrange(2**32))
        valid = open(self.files[IMAGE], "rb").read()
        cases = []
        # Truncated at many points, and single corrupted bytes.
        for cut in sorted(set([0, 1, 5, 6, 7, 8, 9, 10, 11, 20, 60, 100, 127, 128, 129, len(valid) - 1]
                              + [rng.randrange(len(valid)) for _ in range(20)])):
            cases.append((f"truncated at {cut}", self.write(f"trunc{cut}.npy", valid[:cut]), cut < len(valid)))
        for k in range(40):
            data = bytearray(valid)
            i = rng.randrange(min(len(data), 140))
            data[i] = rng.randrange(256)
            cases.append((f"byte {i} set to {data[i]}", self.write(f"flip{k}.npy", bytes(data)), False))
        # Unsupported dtypes and layouts.
        for name, array in [
            ("complex64", np.ones((2, 3), np.complex64)), ("complex128", np.ones((2, 3), np.complex128)),
            ("bool", np.ones((2, 3), bool)), ("float16", np.ones((2, 3), np.float16)),
            ("int8", np.ones((2, 3), np.int8)), ("int16", np.ones((2, 3), np.int16)),
            ("uint16", np.ones((2, 3), np.uint16)), ("uint32", np.ones((2, 3), np.uint32)),
            ("uint64", np.ones((2, 3), np.uint64)), ("object", np.array([1, "a", None], dtype=object)),
            ("unicode", np.array(["ab", "c"])), ("bytes", np.array([b"ab", b"c"])),
            ("structured", np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")])),
            ("datetime", np.array(["2020-01-01"], dtype="datetime64[D]")), ("longdouble", np.ones(3, np.longdouble)),
            ("fortran", np.asfortranarray(np.ones((3, 4), np.float32))),
        ]:
            p = self.path(f"dtype-{name}.npy")
            np.save(p, array, allow_pickle=True)
            cases.append((f"dtype {name}", p, True))
        # Valid but unusual: big-endian, float64, version 2.0 and 3.0 headers, 1-element, 0-d.
        big = g.standard_normal((2, 3)).astype(">f4")
        cases.append(("big-endian float32", self._save("big.npy", big), False))
        cases.append(("big-endian float64", self._save("big8.npy", big.astype(">f8")), False))
        cases.append(("float64", self._save("f8.npy", big.astype("<f8")), False))
        d = {"descr": "<f4", "fortran_order": False, "shape": (2, 3)}
        payload = np.arange(6, dtype="<f4").tobytes()
        cases.append(("version 2.0", self.write("v2.npy", self.npy_bytes(d, payload, (2, 0))), False))
        cases.append(("version 3.0", self.write("v3.npy", self.npy_bytes(d, payload, (3, 0))), False))
        cases.append(("version 4.0", self.write("v4.npy", self.npy_bytes(d, payload, (4, 0))), True))
        cases.append(("version 0.0", self.write("v0.npy", self.npy_bytes(d, payload, (0, 0))), True))
        cases.append(("bad magic", self.write("magic.npy", self.npy_bytes(d, payload, magic=b"\x93NUMPZ")), True))
        cases.append(("empty file", self.write("empty.npy", b""), True))
        cases.append(("text file", self.write("text.npy", b"hello world\n" * 10), True))
        cases.append(("extra data", self.write("extra.npy", self.npy_bytes(d, payload + b"\0" * 12)), False))
        # Headers that lie or are malformed.
        headers = [
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }",     # needs more data
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 6), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 2), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4, 0), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3037000500, 3037000500), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2305843009213693952,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 1), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, ), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': 6, }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (",
            "{'descr': '<f4', 'fortran_order': False, }",
            "{'descr': '<f4', 'shape': (2, 3), }",
            "{'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': <f4, 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': '', 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': '<', 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3), }",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (6,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296, 4294967296), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 1000000000000), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 0), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3, 1000000000, 1000000000), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 0, 1000000000, 1000000000), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 0, 1000000000000000000), }",
            "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4', }",
            "{'descr': '<f4', 'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }",
            "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1, " * 5000 + "), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + "\x00" * 10,
            "\x00\xff\xfe",
            "",
        ]
        for k, h in enumerate(headers):
            cases.append((f"header {h[:70]!r}", self.write(f"hdr{k}.npy", self.npy_bytes(None, payload, raw_header=h)), False))
        # A header length beyond the file.
        raw = bytearray(self.npy_bytes(d, payload))
        raw[8:10] = struct.pack("<H", 65535)
        cases.append(("header length beyond the file", self.write("hlen.npy", bytes(raw)), True))
        raw2 = self.npy_bytes(d, payload, (2, 0))
        raw2 = raw2[:8] + struct.pack("<I", 0xFFFFFFFF) + raw2[12:]
        cases.append(("v2 header length 4 GiB", self.write("hlen2.npy", raw2), True))
        return cases

    def npy(self):
        cases = self.npy_files()
        for description, path, must_fail in cases:
            # As the input of several layers, as a loss target, as a --set value.
            for expr in ["nn.ReLU()", "nn.Softmax(dim=0)", "nn.Softmax(dim=-1)", "nn.Dropout2d(0.5)",
                         "nn.Conv2d(3, 2, 1)", "nn.MaxPool2d(2)", "nn.BatchNorm2d(3)", "nn.Linear(3, 2)",
                         "nn.AdaptiveAvgPool2d(2)", "nn.GELU()"]:
                self.compute(expr, ["--input", path], f"input file: {description}", must_fail)
            self.compute("nn.CrossEntropyLoss()", ["--input", self.files[VECTOR], "--target", path],
                         f"target file: {description}", must_fail)
            self.compute("nn.MSELoss()", ["--input", path, "--target", path], f"input and target: {description}", must_fail)
            self.compute("nn.Linear(5, 3)", ["--input", self.files[VECTOR], "--set", f"weight={path}"],
                         f"--set file: {description}", True)

    # MARK: Edge inputs

    def zero_d_and_empty(self):
        shapes = [(), (0,), (1,), (0, 3), (3, 0), (2, 0, 4, 4), (0, 3, 6, 6), (2, 3, 0, 6), (2, 3, 6, 0),
                  (1, 1, 1, 1), (3, 6, 6), (1, 1, 1, 1, 1), (2, 3, 1, 1), (1,) * 8]
        exprs = [e for e, _ in VALID] + ["nn.Conv2d(0, 0, 1)", "nn.Linear(0, 0)", "nn.BatchNorm2d(0)",
                                         "nn.Softmax(dim=0)", "nn.Softmax()", "nn.Dropout2d(1.0)",
                                         "nn.Dropout(0.0)", "nn.AdaptiveMaxPool2d(0)", "nn.AdaptiveAvgPool2d((0, 2))"]
        g = np.random.default_rng(self.rng.randrange(2**32))
        for shape in shapes:
            x = self._save("edge.npy", g.standard_normal(shape).astype(np.float32))
            t_float = self._save("edge_t.npy", g.standard_normal(shape).astype(np.float32))
            t_long = self._save("edge_tl.npy", np.zeros(shape[:1] if len(shape) > 1 else (), dtype=np.int64))
            for expr in exprs:
                extra = ["--input", x]
                if "Loss" in expr:
                    extra += ["--target", t_long if "Cross" in expr else t_float]
                for mode in ["--train", "--eval"]:
                    extra_flags = [mode, "--grad-input", self.path("g.npy")] if self.rng.random() < 0.5 else [mode]
                    self.compute(expr, extra + extra_flags, f"shape {shape}")
                    if "return_indices=True" in expr:
                        self.compute(expr, extra + [mode, "--indices", self.path("i.npy")], f"indices, shape {shape}")

    def huge_shapes(self):
        """Valid files whose empty shapes have huge dimensions, and broadcasts too big to allocate."""
        d = {"descr": "<f4", "fortran_order": False}
        for shape in [(0, 10**12), (10**12, 0), (0, 3, 10**6, 10**6), (10**6, 0, 10**6), (2, 3, 0, 10**15),
                      (10**9, 3, 0, 2), (0,) * 40]:
            path = self.write("hugeshape.npy", self.npy_bytes({**d, "shape": shape}))
            for expr, kind in VALID:
                extra = ["--input", path]
                if kind == LOSS_CLASSES:
                    extra += ["--target", path]
                elif kind == LOSS_VALUES:
                    extra += ["--target", path]
                self.compute(expr, extra + ["--grad-input", self.path("g.npy")], f"huge empty shape {shape}")
            for expr in ["nn.Softmax(dim=0)", "nn.Softmax(dim=-1)", "nn.Softmax()", "nn.Dropout2d(0.5)",
                         "nn.CrossEntropyLoss(reduction='none')", "nn.CrossEntropyLoss(reduction='sum')",
                         "nn.L1Loss(reduction='none')"]:
                extra = ["--input", path] + (["--target", path] if "Loss" in expr else [])
                self.compute(expr, extra + ["--grad-input", self.path("g.npy")], f"huge empty shape {shape}")
        a = self._save("col.npy", np.ones((200000, 1), np.float32))
        b = self._save("row.npy", np.ones((1, 200000), np.float32))
        for loss in ["L1Loss", "MSELoss"]:
            for reduction in ["none", "mean"]:
                self.compute(f"nn.{loss}(reduction='{reduction}')", ["--input", a, "--target", b],
                             "broadcast of 4e10 elements", must_fail=True)

    def huge_values(self):
        for values in [[3e38, -3e38, np.inf, -np.inf, np.nan, 0.0], [1e-45, -1e-45, 1e38, 1.7e38, 5.0, -1.0]]:
            x = np.array(values * 6, dtype=np.float32)
            for shape in [(len(x),), (2, 3, 2, len(x) // 12)]:
                path = self._save("huge.npy", x.reshape(shape))
                for expr, kind in VALID:
                    extra = ["--input", path]
                    if kind == LOSS_CLASSES:
                        continue
                    if kind == LOSS_VALUES:
                        extra += ["--target", path]
                    self.compute(expr, extra + ["--grad-input", self.path("g.npy")], "huge values")

    # MARK: Command line

    def command_lines(self):
        image = self.files[IMAGE]
        out = self.path("o.npy")
        directory = self.path("adir")
        os.makedirs(directory, exist_ok=True)
        readonly = self.path("ro")
        os.makedirs(readonly, exist_ok=True)
        os.chmod(readonly, stat.S_IRUSR | stat.S_IXUSR)
        unreadable = self._save("unreadable.npy", np.ones(3, np.float32))
        os.chmod(unreadable, 0)
        fifo_dir = self.path("missing-dir")
        must_fail = [
            ["compute"], ["compute", "nn.ReLU()"], ["compute", "--input", image],
            ["compute", "nn.ReLU()", "--input"], ["compute", "nn.ReLU()", "--input", self.path("nope.npy")],
            ["compute", "nn.ReLU()", "--input", directory], ["compute", "nn.ReLU()", "--input", ""],
            ["compute", "nn.ReLU()", "--input", "/dev/null"], ["compute", "nn.ReLU()", "--input", "/proc/self/mem"],
            ["compute", "nn.ReLU()", "--input", image, "--output", directory],
            ["compute", "nn.ReLU()", "--input", image, "--output", os.path.join(fifo_dir, "o.npy")],
            ["compute", "nn.ReLU()", "--input", image, "--output", os.path.join(readonly, "o.npy")],
            ["compute", "nn.ReLU()", "--input", image, "--output", "/dev/full"],
            ["compute", "nn.ReLU()", "--input", image, "--output", ""],
            ["compute", "nn.ReLU()", "--input", image, "--grad-input", directory],
            ["compute", "nn.MaxPool2d(2, return_indices=True)", "--input", image, "--indices", directory],
            ["compute", "nn.ReLU()", "--input", image, "--indices", out],
            ["compute", "nn.ReLU()", "--input", image, "--target", image],
            ["compute", "nn.MSELoss()", "--input", image], ["compute", "nn.MSELoss()", "--input", image, "--target", directory],
            ["compute", "nn.ReLU()", "--input", image, "--train", "--eval"],
            ["compute", "nn.ReLU()", "--input", image, "--seed", "-1"],
            ["compute", "nn.ReLU()", "--input", image, "--seed", "abc"],
            ["compute", "nn.ReLU()", "--input", image, "--seed", "1" * 40],
            ["compute", "nn.ReLU()", "--input", image, "--seed"],
            ["compute", "nn.ReLU()", "--input", image, "--bogus"], ["compute", "nn.ReLU()", "nn.ReLU()", "--input", image],
            ["bogus"], ["compute", "nn.ReLU()", "--input", unreadable],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", "bias"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", "=x.npy"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", "weight="],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"gamma={image}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"weight={image}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"weight={self.files['scalar']}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"weight={self.files['ce_target']}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"weight={directory}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"weight={self.path('nope.npy')}"],
            ["compute", "nn.ReLU()", "--input", image, "--set", f"weight={image}"],
            ["compute", "nn.ReLU()", "--input", image, "--save", f"weight={out}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--save", f"running_mean={out}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--save", "weight"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--save", f"weight={directory}"],
            ["compute", "nn.BatchNorm2d(3)", "--input", image, "--set", f"num_batches_tracked={self.files[IMAGE]}"],
            ["compute", "nn.BatchNorm2d(3)", "--input", image, "--set", f"running_var={self.files['scalar']}"],
            ["compute", "nn.BatchNorm2d(3, track_running_stats=False)", "--input", image, "--set", f"running_mean={image}"],
            ["compute", "nn.CrossEntropyLoss()", "--input", self.files[VECTOR], "--target", self.files["ce_target"],
             "--set", f"weight={self.files['ce_target']}"],
            ["compute", "nn.ReLU()", "--input", image, "--grad-input", ""],
        ]
        if os.geteuid() == 0:  # root reads and writes regardless of permissions
            must_fail = [a for a in must_fail if unreadable not in a and os.path.join(readonly, "o.npy") not in a]
        for args in must_fail:
            self.run(args, "bad command line", must_fail=True)
        may_pass = [
            [], ["compute", "--help"], ["--help"], ["help"], ["help", "compute"], ["list"], ["list", "Conv2d"],
            ["list", "nope"], ["list", ""], ["list", "nn."], ["list", "."], ["--version"],
            ["compute", "nn.ReLU()", "--input", image, "--print"],
            ["compute", "nn.ReLU()", "--input", image, "--seed", "18446744073709551615"],
            ["compute", "nn.ReLU()", "--input", image, "--output", out, "--output", out],
            ["compute", "nn.ReLU()", "--input", image, "--input", image],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--save", f"weight={out}", "--save",
             f"weight={out}"],
            ["compute", "nn.Linear(5, 3)", "--input", self.files[VECTOR], "--set", f"weight=={out}"],
            ["compute", "nn.ReLU()", "--input=" + image],
            ["compute", "nn.ReLU()", "--input", image, "--output", "/dev/null"],
            ["compute", "nn.ReLU()", "--input", image, "--output", "/dev/stdout"],
            ["compute", "-", "--input", image], ["compute", "--", "nn.ReLU()", "--input", image],
        ]
        for args in may_pass:
            self.run(args, "odd command line")
        os.chmod(readonly, stat.S_IRWXU)
        os.chmod(unreadable, stat.S_IRUSR | stat.S_IWUSR)

    def big_endian_values(self):
        """A big-endian file must be read as the same numbers."""
        x = (np.arange(12, dtype=np.float32) - 5.5).reshape(3, 4)
        path = self._save("bigvalues.npy", x.astype(">f4"))
        out = self.path("bigout.npy")

        def check():
            y = np.load(out)
            return None if np.array_equal(y, np.maximum(x, 0)) else f"big-endian input read as {y.ravel()[:5]}"

        self.run(["compute", "nn.ReLU()", "--input", path, "--output", out], "big-endian values", check=check)

    def report(self, verbose=False):
        print(f"cli fuzz: {self.count} runs, {len(self.failures)} failures")
        if verbose:
            for f in self.failures:
                print("  " + f)
            return not self.failures
        # One line per kind of failure (the text before the arguments), with a count and an example.
        groups = {}
        for f in self.failures:
            what, _, rest = f.partition(": ")
            problem = rest.split(": [")[0].split(":\n")[0][:120]
            key = (what.split(":")[0], problem)
            groups.setdefault(key, []).append(f)
        for (what, problem), items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(items)}x {what}: {problem}")
            print(f"      e.g. {items[0][:400]}")
        return not self.failures


def binary():
    path = os.environ.get("LAYERSCOPE_BIN") or os.path.join(HERE, "..", "..", ".build", "release", "layerscope")
    if not os.path.exists(path):
        sys.exit(f"no binary at {path}: run `swift build -c release` or set LAYERSCOPE_BIN")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=400, help="random expression mutations")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--verbose", action="store_true", help="list every failure")
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these parts: command_lines big_endian_values fixed_expressions expressions "
                             "npy zero_d_and_empty huge_shapes huge_values")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.randrange(2**31)
    print(f"seed {seed}")
    with tempfile.TemporaryDirectory() as d:
        fuzzer = Fuzzer(binary(), random.Random(seed), d)
        parts = ["command_lines", "big_endian_values", "fixed_expressions", "expressions", "npy",
                 "zero_d_and_empty", "huge_shapes", "huge_values"]
        for part in options.only or parts:
            if part == "expressions":
                fuzzer.expressions(options.cases)
            else:
                getattr(fuzzer, part)()
        ok = fuzzer.report(options.verbose)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
