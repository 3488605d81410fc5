"""Backward cases for the layers without weights to multiply: the pools, BatchNorm2d, the
activations, Softmax, Flatten and the dropouts' deterministic cases (evaluation mode, p=0, p=1; a
random mask cannot be reproduced outside PyTorch, so the masks of p=0.5 are tested in Swift).

Max-pool cases use integer-valued inputs so that ties happen and the gradient must go where
PyTorch's index points; overlapping windows must add. `edges` adds the corners: NaN and -inf in
max windows, ceil-mode windows clipped at the padded edge, negative divisors, (1, 1) adaptive
averages (PyTorch's mean), BatchNorm2d without bias, on 1x1 planes and far from zero, and the
activations exactly at their kinks.
"""

import torch

from fixturegen.backward import BackwardRecorder


def pools(r):
    ties = torch.randint(0, 4, (2, 3, 7, 8)).float()
    x = torch.randn(2, 3, 9, 8)
    r.case("maxpool_overlap_ties", "nn.MaxPool2d(3, stride=1)", ties)
    r.case("maxpool_default", "nn.MaxPool2d(2)", x)
    r.case("maxpool_padding_dilation", "nn.MaxPool2d(3, stride=2, padding=1, dilation=2)", x)
    r.case("maxpool_ceil", "nn.MaxPool2d(3, stride=2, ceil_mode=True)", ties)
    r.case("maxpool_unbatched", "nn.MaxPool2d((3, 2), stride=(2, 1))", x[0])
    r.case("maxpool_return_indices", "nn.MaxPool2d(2, return_indices=True)", x)
    r.case("avgpool_default", "nn.AvgPool2d(2)", x)
    r.case("avgpool_overlap", "nn.AvgPool2d(3, stride=1)", x)
    r.case("avgpool_padding_include", "nn.AvgPool2d(3, stride=2, padding=1)", x)
    r.case("avgpool_padding_exclude", "nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)", x)
    r.case("avgpool_ceil", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)", x)
    r.case("avgpool_divisor_override", "nn.AvgPool2d(2, divisor_override=3)", x)
    r.case("avgpool_unbatched", "nn.AvgPool2d((2, 3), stride=(1, 2))", x[1])
    r.case("adaptive_max_non_dividing", "nn.AdaptiveMaxPool2d((4, 3))", ties)
    r.case("adaptive_max_larger", "nn.AdaptiveMaxPool2d(10)", x)
    r.case("adaptive_max_none", "nn.AdaptiveMaxPool2d((None, 3))", x[0])
    r.case("adaptive_avg_non_dividing", "nn.AdaptiveAvgPool2d((4, 3))", x)
    r.case("adaptive_avg_global", "nn.AdaptiveAvgPool2d(1)", x)
    r.case("adaptive_avg_larger", "nn.AdaptiveAvgPool2d((11, 5))", x[0])


def batchnorm(r):
    x = torch.randn(4, 3, 5, 6) * 2 + 1
    r.case("bn_train", "nn.BatchNorm2d(3)", x)
    r.case("bn_train_affine_values", "nn.BatchNorm2d(3)", x,
           set={"weight": torch.tensor([0.5, -1.5, 2.0]), "bias": torch.tensor([0.1, 0.2, -0.3])})
    r.case("bn_eval_running", "nn.BatchNorm2d(3)", x, mode="eval",
           set={"running_mean": torch.tensor([0.5, -0.2, 1.0]), "running_var": torch.tensor([2.0, 0.5, 1.5]),
                "weight": torch.tensor([1.5, 0.7, -1.0])})
    r.case("bn_no_affine", "nn.BatchNorm2d(3, affine=False)", x)
    r.case("bn_untracked_eval", "nn.BatchNorm2d(3, track_running_stats=False)", x, mode="eval")
    r.case("bn_momentum_none", "nn.BatchNorm2d(3, momentum=None, eps=1e-3)", x)
    r.case("bn_one_item", "nn.BatchNorm2d(3)", x[:1])
    r.case("bn_first_layer", "nn.BatchNorm2d(3)", x, input_grad=False)


def pointwise(r):
    x = torch.randn(3, 7) * 3
    for name, expr in [("sigmoid", "nn.Sigmoid()"), ("tanh", "nn.Tanh()"), ("relu", "nn.ReLU()"),
                       ("leaky_relu", "nn.LeakyReLU(0.2)"), ("relu6", "nn.ReLU6()"), ("gelu", "nn.GELU()"),
                       ("gelu_tanh", "nn.GELU(approximate='tanh')"), ("selu", "nn.SELU()"),
                       ("softmax_dim1", "nn.Softmax(dim=1)"), ("softmax_last", "nn.Softmax(dim=-1)")]:
        r.case(f"{name}_backward", expr, x)
    r.case("softmax_images_dim1", "nn.Softmax(dim=1)", torch.randn(2, 4, 3, 3))
    r.case("flatten_backward", "nn.Flatten()", torch.randn(2, 3, 4, 4))
    r.case("flatten_middle_backward", "nn.Flatten(1, 2)", torch.randn(2, 3, 4, 5))
    r.case("dropout_eval", "nn.Dropout(0.5)", x, mode="eval")
    r.case("dropout_p0", "nn.Dropout(0.0)", x)
    r.case("dropout_p1", "nn.Dropout(1.0)", x)
    r.case("dropout2d_eval", "nn.Dropout2d(0.3)", torch.randn(2, 4, 3, 3), mode="eval")
    r.case("dropout2d_p1", "nn.Dropout2d(p=1.0)", torch.randn(2, 4, 3, 3))


def edges(r):
    ties = torch.randint(0, 3, (2, 3, 7, 8)).float()
    nans = torch.randint(0, 3, (1, 2, 5, 6)).float()
    nans[0, 0, 1, 1] = float("nan")
    nans[0, 1, 2, 2] = float("nan")
    nans[0, 1, 2, 3] = float("nan")  # two NaN in one window: the last one takes the gradient
    infs = torch.randn(1, 2, 4, 5)
    infs[0, 0, :2, :] = float("-inf")
    x = torch.randn(2, 2, 8, 7)
    r.case("maxpool_nan", "nn.MaxPool2d(2, stride=1)", nans)
    r.case("maxpool_minus_infinity", "nn.MaxPool2d(3, stride=2, padding=1)", infs)
    r.case("maxpool_ceil_padding_dilation", "nn.MaxPool2d((3, 2), stride=(2, 3), padding=1, dilation=(1, 2), "
           "ceil_mode=True)", ties)
    r.case("avgpool_ceil_exclude", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)", x)
    r.case("avgpool_ceil_no_padding", "nn.AvgPool2d((3, 2), stride=2, ceil_mode=True)", x)
    r.case("avgpool_divisor_override_ceil", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=-2)", x)
    r.case("adaptive_max_nan_indices", "nn.AdaptiveMaxPool2d((3, 4), return_indices=True)", nans)
    r.case("adaptive_avg_global_unbatched", "nn.AdaptiveAvgPool2d((1, 1))", x[0])
    r.case("adaptive_avg_none", "nn.AdaptiveAvgPool2d((None, 3))", x)
    r.case("bn_one_pixel", "nn.BatchNorm2d(3)", torch.randn(8, 3, 1, 1))
    r.case("bn_eval_no_affine", "nn.BatchNorm2d(3, affine=False)", torch.randn(2, 3, 4, 4), mode="eval",
           set={"running_mean": torch.tensor([0.3, -1.0, 0.0]), "running_var": torch.tensor([0.25, 4.0, 1.0])})
    r.case("bn_no_bias", "nn.BatchNorm2d(3, bias=False)", torch.randn(2, 3, 4, 4),
           set={"weight": torch.tensor([2.0, -0.5, 1.0])})
    r.case("bn_far_from_zero", "nn.BatchNorm2d(2)", torch.randn(3, 2, 4, 4) * 0.1 + 50)
    kinks = torch.tensor([[-2.0, -0.5, 0.0, 0.5, 3.0, 6.0, 7.0, -0.0]])
    r.case("relu_kink", "nn.ReLU()", kinks)
    r.case("relu6_kinks", "nn.ReLU6()", kinks)
    r.case("leaky_relu_kink", "nn.LeakyReLU(0.1)", kinks)


def build():
    r = BackwardRecorder("backward_layers", seed=3)
    pools(r)
    batchnorm(r)
    pointwise(r)
    edges(r)
    return r
