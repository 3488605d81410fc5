"""Backward cases for the layers without weights to multiply: the pools, BatchNorm2d, the
activations, Softmax, Flatten and the dropouts' deterministic cases (evaluation mode, p=0, p=1; a
random mask cannot be reproduced outside PyTorch, so the masks of p=0.5 are tested in Swift).

Max-pool cases use integer-valued inputs so that ties happen and the gradient must go where
PyTorch's index points; overlapping windows must add.
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


def build():
    r = BackwardRecorder("backward_layers", seed=3)
    pools(r)
    batchnorm(r)
    pointwise(r)
    return r
