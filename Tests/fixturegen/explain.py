"""The drill-down's numbers: for fixed small inputs and weights, single output elements of the
windowed layers as PyTorch computes them, and for Conv2d each input channel's partial sum (the
window times the weights, without the bias), so that "how this number is made" is checked term by
term. Non-layer file: read by ExplanationFixtureTests, not replayed by FixtureTests.
"""

import torch
import torch.nn.functional as F
from torch import nn  # noqa: F401  (eval'd expressions)

from fixturegen.common import encode, write_family


class _Cases:
    def __init__(self):
        self.family = "explain"
        self.cases = []

    def write(self, directory):
        return write_family(directory, self.family, self.cases)

    def add(self, name, expr, x, positions, weights=None):
        m = eval(expr)
        if weights is not None:
            with torch.no_grad():
                for key, value in weights.items():
                    getattr(m, key).copy_(value)
        with torch.no_grad():
            out = m(x)
        indices = None
        if isinstance(out, tuple):
            out, indices = out
        case = {"name": name, "expr": expr, "input": encode(x), "positions": positions,
                "outputs": [float(out[0, c, r, col]) for c, r, col in positions]}
        if weights is not None:
            case["set"] = {k: encode(v) for k, v in weights.items()}
        if indices is not None:
            case["indices"] = [int(indices[0, c, r, col]) for c, r, col in positions]
        if isinstance(m, nn.Conv2d):
            case["channel_sums"] = [conv_channel_sums(m, x, *p) for p in positions]
        self.cases.append(case)


def conv_channel_sums(m, x, oc, r, c):
    """Each input channel's share of output (0, oc, r, c), bias left out, in float64."""
    x = x.double()
    if m.padding_mode != "zeros":
        x = F.pad(x, m._reversed_padding_repeated_twice, mode=m.padding_mode)
        padding = 0
    else:
        padding = m.padding
    per_group = m.in_channels // m.groups
    group = oc // (m.out_channels // m.groups)
    sums = []
    for k in range(per_group):
        ic = group * per_group + k
        w = m.weight.detach().double()[oc:oc + 1, k:k + 1]
        y = F.conv2d(x[:, ic:ic + 1], w, None, m.stride, padding, m.dilation)
        sums.append(float(y[0, 0, r, c]))
    return sums


def build():
    torch.manual_seed(12)
    c = _Cases()
    x = torch.randn(1, 3, 5, 6)
    c.add("conv_dilation_reflect", "nn.Conv2d(3, 2, 3, padding=2, dilation=2, padding_mode='reflect')", x,
          [[0, 0, 0], [1, 2, 3], [1, 4, 5], [0, 3, 1]],
          {"weight": torch.randn(2, 3, 3, 3), "bias": torch.randn(2)})
    x = torch.randn(1, 4, 4, 5)
    c.add("conv_groups_circular", "nn.Conv2d(4, 2, (2, 3), stride=(1, 2), padding=(1, 2), dilation=(2, 1), "
          "groups=2, padding_mode='circular')", x, [[0, 0, 0], [1, 3, 2], [1, 1, 0]],
          {"weight": torch.randn(2, 2, 2, 3), "bias": torch.randn(2)})
    x = torch.randn(1, 2, 4, 4)
    c.add("conv_zeros_no_bias", "nn.Conv2d(2, 1, 3, stride=2, padding=1, bias=False)", x,
          [[0, 0, 0], [0, 1, 1]], {"weight": torch.randn(1, 2, 3, 3)})
    # Ties (repeated values) and a ceil-mode last window that overhangs the padded input.
    x = torch.tensor([[[[1., 5., 5., 0., 2., 2.],
                        [3., 5., 1., 4., 4., 0.],
                        [2., 0., 9., 9., 1., 3.],
                        [8., 1., 2., 3., 8., 0.],
                        [0., 6., 6., 1., 2., 5.]]]])
    c.add("maxpool_ceil", "nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True, return_indices=True)", x,
          [[0, 0, 0], [0, 0, 1], [0, 2, 3], [0, 1, 2], [0, 2, 0]])
    x = torch.randn(1, 2, 5, 6)
    c.add("avgpool_divisor_override", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=5)", x,
          [[0, 0, 0], [1, 2, 2], [0, 1, 1], [1, 2, 3]])
    c.add("avgpool_exclude_pad", "nn.AvgPool2d((2, 3), stride=2, padding=1, ceil_mode=True, count_include_pad=False)", x,
          [[0, 0, 0], [1, 2, 3], [0, 1, 2]])
    c.add("avgpool_include_pad", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)", x,
          [[0, 0, 0], [1, 2, 3], [0, 1, 1]])
    x = torch.randn(1, 2, 7, 9)
    c.add("adaptive_avg_bin", "nn.AdaptiveAvgPool2d((3, 4))", x, [[0, 0, 0], [1, 1, 2], [0, 2, 3]])
    c.add("adaptive_max_bin", "nn.AdaptiveMaxPool2d((3, 4), return_indices=True)", x, [[0, 0, 0], [1, 1, 2], [0, 2, 3]])
    return c
