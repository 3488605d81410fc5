"""How PyTorch prints tensors: `str(t)` for a spread of shapes and magnitudes.

Checks LayerScope's `--print` (Tensor+Description.swift) against torch/_tensor_str.py.
"""

import torch

from fixturegen.common import encode, write_family


class _Cases:
    def __init__(self):
        self.family = "printing"
        self.cases = []

    def add(self, name, t):
        self.cases.append({"name": name, "tensor": encode(t), "text": str(t)})

    def write(self, directory):
        return write_family(directory, self.family, self.cases)


def build():
    torch.manual_seed(3)
    c = _Cases()
    c.add("scalar", torch.tensor(0.5))
    c.add("scalar_int_valued", torch.tensor(3.0))
    c.add("vector", torch.tensor([0.1, -2.25, 3.0]))
    c.add("ints_as_floats", torch.tensor([1.0, -2.0, 30.0]))
    c.add("ints_sci", torch.tensor([1.0, 20000.0]))
    c.add("small_sci", torch.tensor([1e-5, 0.5]))
    c.add("large", torch.tensor([1e9, 2.0]))
    c.add("nonfinite", torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]))
    c.add("nonfinite_ints", torch.tensor([float("nan"), 2.0]))
    c.add("only_nonfinite", torch.tensor([float("nan"), float("inf")]))
    c.add("zeros", torch.zeros(2, 3))
    c.add("negative_zero", torch.tensor([-0.0, 1.0]))
    c.add("matrix", torch.randn(3, 4))
    c.add("rank3", torch.randn(2, 3, 4))
    c.add("rank4", torch.randn(2, 2, 3, 3))
    c.add("wrapping_rows", torch.randn(2, 17))
    c.add("long_vector", torch.randn(40))
    c.add("summarized_vector", torch.randn(1500))
    c.add("summarized_matrix", torch.randn(40, 50))
    c.add("summarized_rank4", torch.randn(2, 8, 10, 10))
    c.add("empty", torch.zeros(0))
    c.add("empty_2d", torch.zeros(0, 3))
    c.add("rounding", torch.tensor([0.00005, 0.12345, 0.99995]))
    c.add("int64_indices", torch.tensor([[0, 7, 12], [3, 100, 5]]))
    c.add("int64_negative", torch.tensor([-1, 20]))
    c.add("int64_empty", torch.zeros(0, dtype=torch.int64))
    c.add("int64_scalar", torch.tensor(5))
    c.add("loss_value", torch.tensor(1.2345678))
    c.add("tiny_values", torch.tensor([1e-30, 3e-8]))
    c.add("mixed_scale", torch.tensor([[0.001, 1.0], [2.5, 900.0]]))
    return c
