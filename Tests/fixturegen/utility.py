"""PyTorch reference cases for the utility layers: Flatten.

Flatten joins start_dim..end_dim into one dimension; cases cover the defaults on images, negative
and equal dims, ranks 0-4 (a 0-d input counts as rank 1 for the range check and becomes (1,)),
empty inputs, the two errors (a dim out of range, start_dim after end_dim) and the gradient, which
is grad_output reshaped back.
"""

import torch

from fixturegen.common import Recorder


def flatten(rec):
    images = torch.randn(2, 3, 4, 5)
    rec.case("flatten_default", "nn.Flatten()", images, grad=True)
    rec.case("flatten_all", "nn.Flatten(0)", images, grad=True)
    rec.case("flatten_middle", "nn.Flatten(1, 2)", images, grad=True)
    rec.case("flatten_negative", "nn.Flatten(start_dim=-3, end_dim=-2)", images, grad=True)
    rec.case("flatten_same_dim", "nn.Flatten(2, 2)", images, grad=True)
    rec.case("flatten_last_only", "nn.Flatten(start_dim=3)", images, grad=True)
    rec.case("flatten_unbatched", "nn.Flatten()", images[0], grad=True)
    rec.case("flatten_matrix", "nn.Flatten()", torch.randn(4, 6), grad=True)
    rec.case("flatten_rank1_all", "nn.Flatten(0)", torch.randn(5), grad=True)
    rec.case("flatten_scalar_all", "nn.Flatten(0, -1)", torch.tensor(2.5), grad=True)
    rec.case("flatten_empty_batch", "nn.Flatten()", torch.zeros(0, 3, 2, 2))
    rec.case("flatten_empty_channels", "nn.Flatten()", torch.zeros(2, 0, 3))
    rec.case("flatten_nonfinite", "nn.Flatten()", torch.tensor([[[1.0, float("nan")], [float("inf"), -float("inf")]]]),
             grad=True)
    # Errors: a dimension beyond the rank, start after end.
    rec.case("flatten_rank1_default", "nn.Flatten()", torch.randn(5))
    rec.case("flatten_scalar_default", "nn.Flatten()", torch.tensor(1.0))
    rec.case("flatten_start_too_big", "nn.Flatten(4)", images)
    rec.case("flatten_end_too_small", "nn.Flatten(0, -5)", images)
    rec.case("flatten_start_after_end", "nn.Flatten(2, 1)", images)
    rec.case("flatten_negative_order", "nn.Flatten(-1, -2)", images)


def build():
    rec = Recorder("utility")
    flatten(rec)
    return rec
