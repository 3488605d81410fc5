"""The backward pass of the layers with weights, Conv2d and Linear, recorded from PyTorch autograd.

Conv2d: every padding_mode with padding > 0 (reflect, replicate and circular folding the padded
gradient back, a replicate pad wider than the image, a negative pad that crops), 'same' with odd
and even kernels and dilations (the extra zero row/column of an odd total), 'valid', stride,
dilation, groups (depthwise too), bias=False, 1×1 kernels, a kernel as large as the input, more
taps than one pass of the matrix product, an unbatched 3-D input, an input that needs no gradient
(a network's first layer), an empty batch, and an infinite output gradient meeting padding that
PyTorch's kernel multiplies (a NaN) or skips.
Linear: 1-D, 2-D, 3-D and 4-D inputs, bias=False, in_features = 1, feature counts on and off the
product's strip width, no input gradient, empty rows and zero features.
Every weight and bias is loaded with `set` (LayerKit's generator differs from PyTorch's).
"""

import torch

from fixturegen.backward import BackwardRecorder


def _conv_state(c_in, c_out, kernel, groups=1, bias=True):
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    state = {"weight": torch.randn(c_out, c_in // groups, kh, kw) * 0.5}
    if bias:
        state["bias"] = torch.randn(c_out)
    return state


def _conv(r):
    def case(name, c_in, c_out, kernel, shape, extra="", groups=1, bias=True, **kw):
        args = f"{c_in}, {c_out}, {kernel!r}" + (f", {extra}" if extra else "")
        if groups != 1:
            args += f", groups={groups}"
        if not bias:
            args += ", bias=False"
        r.case(name, f"nn.Conv2d({args})", torch.randn(*shape),
               set=_conv_state(c_in, c_out, kernel, groups, bias), **kw)

    # Zero padding: explicit, stride, dilation, groups.
    case("conv_plain", 2, 3, 3, (2, 2, 6, 7))
    case("conv_padding_1", 2, 3, 3, (2, 2, 5, 6), "padding=1")
    case("conv_kernel_pair_stride_padding", 3, 4, (3, 2), (2, 3, 7, 6), "stride=(2, 1), padding=(2, 1)")
    case("conv_groups_stride", 4, 6, 3, (2, 4, 9, 8), "stride=2", groups=2)
    case("conv_depthwise", 4, 4, 3, (2, 4, 6, 6), "padding=1", groups=4)
    case("conv_depthwise_multiplier_no_bias", 3, 6, 3, (1, 3, 5, 5), groups=3, bias=False)
    case("conv_dilation", 2, 3, 3, (2, 2, 8, 7), "dilation=2, padding=2")
    case("conv_dilation_stride_pairs", 2, 2, (2, 3), (2, 2, 9, 9), "stride=(1, 2), padding=1, dilation=(3, 1)")
    case("conv_no_bias", 3, 2, 2, (2, 3, 5, 4), bias=False)
    case("conv_1x1", 5, 3, 1, (2, 5, 4, 3))
    case("conv_1x1_padded", 2, 3, 1, (2, 2, 3, 4), "padding=1")
    case("conv_kernel_equal_to_input", 2, 2, (4, 5), (2, 2, 4, 5))
    case("conv_many_taps", 32, 2, 3, (1, 32, 4, 4), "padding=1")
    case("conv_many_out_channels", 2, 40, 3, (1, 2, 5, 5))
    case("conv_valid", 2, 3, 3, (2, 2, 6, 5), "padding='valid'")

    # 'same': odd and even kernels, dilation; odd totals add a zero row/column at the bottom/right.
    case("conv_same_odd_kernel", 2, 3, 3, (2, 2, 5, 6), "padding='same'")
    case("conv_same_even_kernel", 2, 3, 4, (2, 2, 6, 5), "padding='same'")
    case("conv_same_even_kernel_dilation_2", 2, 2, 2, (2, 2, 5, 5), "padding='same', dilation=2")
    case("conv_same_mixed_dilation", 2, 3, (2, 3), (2, 2, 6, 7), "padding='same', dilation=(1, 2)")

    # Other padding modes: F.pad first, its backward folds the gradient back.
    case("conv_reflect", 2, 3, 3, (2, 2, 5, 6), "padding=2, padding_mode='reflect'")
    case("conv_reflect_stride_pairs", 2, 2, 3, (2, 2, 7, 6), "stride=2, padding=(1, 2), padding_mode='reflect'")
    case("conv_replicate", 2, 3, 3, (2, 2, 5, 6), "padding=2, padding_mode='replicate'")
    case("conv_replicate_wider_than_input", 1, 2, 3, (2, 1, 3, 2), "padding=3, padding_mode='replicate'")
    case("conv_replicate_negative_padding", 2, 2, 2, (1, 2, 6, 6), "padding=-1, padding_mode='replicate'")
    case("conv_circular", 2, 3, 3, (2, 2, 5, 6), "padding=1, padding_mode='circular'")
    case("conv_circular_padding_equal_to_size", 2, 2, 3, (1, 2, 3, 3), "padding=(2, 3), padding_mode='circular'")
    case("conv_same_reflect_even_kernel", 2, 2, 4, (2, 2, 6, 6), "padding='same', padding_mode='reflect'")
    case("conv_same_circular_groups", 4, 4, (3, 2), (2, 4, 5, 6), "padding='same', padding_mode='circular'",
         groups=2)
    case("conv_same_replicate_dilation", 2, 2, 3, (1, 2, 7, 7), "padding='same', dilation=2, "
         "padding_mode='replicate'")

    # Unbatched inputs.
    case("conv_unbatched", 2, 3, 3, (2, 5, 5), "padding=1")
    case("conv_unbatched_reflect", 2, 3, 3, (2, 5, 6), "padding=1, padding_mode='reflect'")
    case("conv_unbatched_same_even", 2, 2, 2, (2, 4, 5), "padding='same'")

    # A network's first layer: no input gradient (the digits network's convolution, smaller).
    case("conv_first_layer", 1, 8, 3, (4, 1, 8, 8), "padding=1", input_grad=False)
    case("conv_first_layer_circular", 2, 3, 3, (2, 2, 5, 5), "padding=1, padding_mode='circular'",
         input_grad=False, mode="eval")

    # Empty batches: zero parameter gradients, an empty input gradient.
    case("conv_empty_batch", 2, 3, 3, (0, 2, 5, 5), "padding=1")
    case("conv_empty_batch_reflect", 2, 3, 3, (0, 2, 5, 5), "padding=1, padding_mode='reflect'")

    # An infinite output gradient over zero padding: the native kernel (one sample) multiplies the
    # padding (∞ · 0 = NaN in the weight gradient), oneDNN (two samples) skips it.
    for name, n in (("conv_infinite_grad_native", 1), ("conv_infinite_grad_onednn", 2)):
        x = torch.randn(n, 2, 4, 4)
        g = torch.randn(n, 2, 4, 4)
        g[0, 0, 0, 0] = float("inf")
        r.case(name, "nn.Conv2d(2, 2, 3, padding=1)", x, set=_conv_state(2, 2, 3), grad_output=g, input_grad=False)


def _linear(r):
    def case(name, i, o, shape, bias=True, **kw):
        state = {"weight": torch.randn(o, i) * 0.5}
        if bias:
            state["bias"] = torch.randn(o)
        expr = f"nn.Linear({i}, {o}" + ("" if bias else ", bias=False") + ")"
        r.case(name, expr, torch.randn(*shape), set=state, **kw)

    case("linear_2d", 5, 3, (4, 5))
    case("linear_1d", 4, 3, (4,))
    case("linear_3d", 6, 2, (2, 3, 6))
    case("linear_4d", 3, 4, (2, 1, 2, 3))
    case("linear_no_bias", 5, 3, (4, 5), bias=False)
    case("linear_in_features_1", 1, 3, (5, 1))
    case("linear_out_features_1", 4, 1, (3, 4))
    case("linear_strip_width_features", 64, 10, (3, 64))
    case("linear_odd_features", 40, 7, (5, 40))
    case("linear_first_layer", 8, 3, (6, 8), input_grad=False)
    case("linear_empty_rows", 5, 3, (0, 5))
    case("linear_zero_in_features", 0, 3, (2, 0))
    case("linear_zero_out_features", 3, 0, (2, 3))


def build():
    r = BackwardRecorder("backward_weights")
    _conv(r)
    _linear(r)
    return r
