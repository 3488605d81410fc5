"""PyTorch reference cases for the spatial layers: Conv2d, MaxPool2d, AvgPool2d, AdaptiveMaxPool2d,
AdaptiveAvgPool2d.

Every parameter and edge rule of pytorch-semantics.md §2–§6 has a case: per-axis stride, padding and
dilation, 'same' / 'valid', each padding mode with its limits and negative padding, groups, the
pooling output-size arithmetic and ceil mode, max-pool ties / NaN / indices, average-pool divisors,
adaptive windows, and the errors of each layer in PyTorch's check order.

Two normalisations keep the recording deterministic (both are noted on the affected cases):
* Conv2d's padding-string and padding_mode messages print a Python set whose order changes from
  process to process; the set is rewritten in the signature's order.
* C++ warnings end with " (Triggered internally at <build path>)"; that suffix is dropped. The
  'same'-padding warning is a C++ warn-once, so `torch.set_warn_always(True)` is on while recording.
"""

import re

import torch

from fixturegen.common import Recorder

MODES = "{'zeros', 'reflect', 'replicate', 'circular'}"
PADDING_STRINGS = "{'same', 'valid'}"


def dyadic(*shape, scale=8, low=-16, high=17):
    """Random multiples of 1/scale: exact in float32 and short in JSON (for the larger cases)."""
    return torch.randint(low, high, shape).float() / scale


def randn(*shape):
    return torch.randn(*shape)


def ones(*shape):
    return torch.ones(*shape)


def arange(*shape):
    n = 1
    for s in shape:
        n *= s
    return torch.arange(float(n)).reshape(shape)


def conv_params(in_channels, out_channels, kernel, groups=1, bias=True, short=False):
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    make = dyadic if short else randn
    params = {"weight": make(out_channels, in_channels // groups, kh, kw)}
    if bias:
        params["bias"] = make(out_channels)
    return params


class Spatial:
    """A Recorder wrapper applying the two normalisations described above."""

    def __init__(self):
        self.rec = Recorder("spatial")

    def case(self, name, expr, input, **kw):
        rec = self.rec.case(name, expr, input, **kw)
        err = rec.get("error")
        if err:
            message = err["message"]
            if message.startswith("padding_mode must be one of {"):
                got = message.split("but got", 1)[1]
                assert set(re.findall(r"'(\w+)'", message.split("}")[0])) == {"zeros", "reflect", "replicate", "circular"}
                err["message"] = f"padding_mode must be one of {MODES}, but got{got}"
                rec["note"] = "Python set printed in the signature's order (PyTorch's order varies per process)"
            elif message.startswith("Invalid padding string") and message.endswith("}"):
                err["message"] = message[: message.index("{")] + PADDING_STRINGS
                rec["note"] = "Python set printed in a fixed order (PyTorch's order varies per process)"
        if "warnings" in rec:
            rec["warnings"] = [re.sub(r" \(Triggered internally at .*\)$", "", w) for w in rec["warnings"]]
        return rec

    def conv(self, name, expr, input, in_channels, out_channels, kernel, groups=1, bias=True, short=False, **kw):
        """A Conv2d case with every parameter loaded (PyTorch's initial draws cannot be reproduced)."""
        params = conv_params(in_channels, out_channels, kernel, groups, bias, short)
        return self.case(name, expr, input, set=params, **kw)


def conv2d_cases(s):
    # --- Computation: shapes, stride / padding / dilation per axis -------------------------------
    s.conv("conv_basic", "nn.Conv2d(2, 3, 3)", randn(2, 2, 5, 5), 2, 3, 3)
    s.conv("conv_seed_example_small_input",
           "nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))",
           dyadic(2, 16, 12, 14), 16, 33, (3, 5), short=True,
           note="the summary's example on a small input: output (2, 33, 7, 14)")
    s.conv("conv_stride_per_axis", "nn.Conv2d(2, 2, 3, stride=(2, 3))", randn(1, 2, 7, 8), 2, 2, 3)
    s.conv("conv_padding_per_axis", "nn.Conv2d(2, 2, (3, 2), padding=(2, 1))", randn(1, 2, 4, 5), 2, 2, (3, 2))
    s.conv("conv_dilation_per_axis", "nn.Conv2d(1, 2, (2, 3), dilation=(3, 2))", randn(1, 1, 7, 8), 1, 2, (2, 3))
    s.conv("conv_all_per_axis", "nn.Conv2d(2, 3, (2, 3), stride=(2, 1), padding=(1, 2), dilation=(2, 1))",
           randn(2, 2, 6, 5), 2, 3, (2, 3))
    s.conv("conv_stride_larger_than_input", "nn.Conv2d(1, 1, 1, stride=4)", randn(1, 1, 5, 5), 1, 1, 1)
    s.conv("conv_kernel_equals_input", "nn.Conv2d(2, 1, (3, 4))", randn(1, 2, 3, 4), 2, 1, (3, 4))
    s.conv("conv_padding_makes_room", "nn.Conv2d(1, 1, 5, padding=2)", randn(1, 1, 1, 1), 1, 1, 5,
           note="a 5x5 kernel on a 1x1 input fits once padding is counted")
    s.conv("conv_one_by_one", "nn.Conv2d(3, 2, 1)", randn(2, 3, 2, 2), 3, 2, 1)
    s.conv("conv_bias_false", "nn.Conv2d(2, 2, 3, bias=False)", randn(1, 2, 4, 4), 2, 2, 3, bias=False)
    s.conv("conv_unbatched", "nn.Conv2d(2, 3, 3, padding=1)", randn(2, 4, 5), 2, 3, 3)
    s.conv("conv_batch_of_zero", "nn.Conv2d(2, 3, 3)", randn(0, 2, 5, 5), 2, 3, 3)
    s.case("conv_zero_in_channels", "nn.Conv2d(0, 2, 3)", randn(1, 0, 5, 5),
           set={"weight": torch.zeros(2, 0, 3, 3), "bias": randn(2)},
           note="PyTorch's empty-input shortcut keeps 0 channels")
    s.conv("conv_not_flipped", "nn.Conv2d(1, 1, 2)", arange(1, 1, 3, 3), 1, 1, 2,
           note="cross-correlation: the kernel is not flipped")
    x = randn(1, 1, 4, 4)
    x[0, 0, 1, 2] = float("nan")
    x[0, 0, 3, 0] = float("inf")
    s.conv("conv_nan_inf_input", "nn.Conv2d(1, 1, 2)", x, 1, 1, 2)
    w = torch.ones(1, 1, 3, 3)
    w[0, 0, 0, 0] = float("inf")
    s.case("conv_inf_weight_over_padding_native", "nn.Conv2d(1, 1, 3, padding=1, bias=False)", ones(1, 1, 3, 3),
           set={"weight": w}, note="the native kernel multiplies the zero padding: inf * 0 = nan")
    s.case("conv_inf_weight_over_padding_onednn", "nn.Conv2d(1, 1, 3, padding=1, bias=False)", ones(2, 1, 3, 3),
           set={"weight": w}, note="a batch of 2 runs on oneDNN, which skips padded taps")

    # --- 'valid' and 'same' ---------------------------------------------------------------------
    s.conv("conv_valid", "nn.Conv2d(2, 2, 3, padding='valid')", randn(1, 2, 5, 6), 2, 2, 3)
    s.conv("conv_same_odd_kernel", "nn.Conv2d(2, 2, 3, padding='same')", randn(1, 2, 5, 6), 2, 2, 3)
    s.conv("conv_same_even_kernel", "nn.Conv2d(2, 2, 2, padding='same')", randn(1, 2, 5, 6), 2, 2, 2,
           note="the extra zero row/column goes to the bottom/right")
    s.conv("conv_same_even_kernel_4", "nn.Conv2d(1, 2, (4, 3), padding='same')", randn(1, 1, 5, 6), 1, 2, (4, 3))
    s.conv("conv_same_even_kernel_odd_dilation", "nn.Conv2d(1, 1, (2, 4), padding='same', dilation=(3, 1))",
           randn(1, 1, 6, 7), 1, 1, (2, 4))
    s.conv("conv_same_even_kernel_even_dilation", "nn.Conv2d(1, 1, 2, padding='same', dilation=2)",
           randn(1, 1, 5, 5), 1, 1, 2, note="total padding 2 is even: symmetric, no warning")
    s.conv("conv_same_kernel_larger_than_input", "nn.Conv2d(1, 1, 5, padding='same')", randn(1, 1, 2, 3), 1, 1, 5)
    s.conv("conv_same_unbatched_even", "nn.Conv2d(1, 1, 2, padding='same')", randn(1, 3, 3), 1, 1, 2)

    # --- padding modes --------------------------------------------------------------------------
    for mode in ["reflect", "replicate", "circular"]:
        s.conv(f"conv_{mode}_p1", f"nn.Conv2d(1, 2, 3, padding=1, padding_mode='{mode}')",
               arange(1, 1, 4, 5), 1, 2, 3)
        s.conv(f"conv_{mode}_per_axis", f"nn.Conv2d(2, 1, 3, padding=(2, 1), padding_mode='{mode}')",
               randn(1, 2, 3, 4), 2, 1, 3)
        s.conv(f"conv_{mode}_same_even", f"nn.Conv2d(1, 1, 4, padding='same', padding_mode='{mode}')",
               arange(1, 1, 5, 5), 1, 1, 4, note="F.pad gets (1, 2) per axis: floor on the top/left")
        s.conv(f"conv_{mode}_negative_crops", f"nn.Conv2d(1, 1, 3, padding=-1, padding_mode='{mode}')",
               arange(1, 1, 5, 5), 1, 1, 3, note="negative padding crops for non-zeros modes")
        s.conv(f"conv_{mode}_unbatched", f"nn.Conv2d(2, 1, 3, padding=1, padding_mode='{mode}')",
               randn(2, 3, 3), 2, 1, 3)
        s.conv(f"conv_{mode}_dilated_strided", f"nn.Conv2d(1, 1, 3, stride=2, padding=2, dilation=2, padding_mode='{mode}')",
               randn(1, 1, 5, 6), 1, 1, 3)
    s.conv("conv_reflect_limit_ok", "nn.Conv2d(1, 1, 3, padding=2, padding_mode='reflect')",
           arange(1, 1, 3, 3), 1, 1, 3, note="reflect: pad 2 < size 3 is allowed")
    s.conv("conv_replicate_beyond_size", "nn.Conv2d(1, 1, 3, padding=4, padding_mode='replicate')",
           arange(1, 1, 2, 3), 1, 1, 3, note="replicate has no limit")
    s.conv("conv_circular_limit_ok", "nn.Conv2d(1, 1, 3, padding=3, padding_mode='circular')",
           arange(1, 1, 3, 3), 1, 1, 3, note="circular: pad = size is allowed")
    s.conv("conv_reflect_mixed_sign_axes", "nn.Conv2d(1, 1, 3, padding=(-1, 2), padding_mode='reflect')",
           arange(1, 1, 5, 5), 1, 1, 3)
    s.conv("conv_circular_crop_to_one", "nn.Conv2d(1, 1, 1, padding=-2, padding_mode='circular')",
           arange(1, 1, 5, 5), 1, 1, 1)
    s.conv("conv_circular_batch_zero", "nn.Conv2d(2, 1, 3, padding=1, padding_mode='circular')",
           randn(0, 2, 3, 3), 2, 1, 3)

    # --- groups ---------------------------------------------------------------------------------
    s.conv("conv_groups_2", "nn.Conv2d(4, 6, 3, groups=2)", randn(1, 4, 5, 5), 4, 6, 3, groups=2)
    s.conv("conv_depthwise", "nn.Conv2d(3, 6, 3, padding=1, groups=3)", randn(2, 3, 4, 4), 3, 6, 3, groups=3)
    s.conv("conv_groups_equal_channels_1x1", "nn.Conv2d(4, 4, 1, groups=4, bias=False)", randn(1, 4, 2, 3),
           4, 4, 1, groups=4, bias=False)
    s.conv("conv_groups_reflect", "nn.Conv2d(2, 4, 2, groups=2, padding='same', padding_mode='reflect')",
           randn(1, 2, 4, 4), 2, 4, 2, groups=2)

    # --- construction errors, in PyTorch's order --------------------------------------------------
    s.case("conv_err_groups_zero", "nn.Conv2d(4, 4, 3, groups=0)", randn(1, 4, 5, 5))
    s.case("conv_err_groups_negative", "nn.Conv2d(4, 4, 3, groups=-2)", randn(1, 4, 5, 5))
    s.case("conv_err_in_not_divisible", "nn.Conv2d(3, 4, 3, groups=2, padding='full', padding_mode='foo')", randn(1, 3, 5, 5))
    s.case("conv_err_out_not_divisible", "nn.Conv2d(4, 3, 3, groups=2)", randn(1, 4, 5, 5))
    s.case("conv_err_negative_in_not_divisible", "nn.Conv2d(-3, 4, 3, groups=2)", randn(1, 4, 5, 5),
           note="Python's % with a negative number")
    s.case("conv_err_bad_padding_string", "nn.Conv2d(1, 1, 3, padding='full', padding_mode='foo')", randn(1, 1, 5, 5))
    s.case("conv_err_same_strided", "nn.Conv2d(1, 1, 3, stride=(1, 2), padding='same', padding_mode='foo')",
           randn(1, 1, 5, 5))
    s.case("conv_err_bad_padding_mode", "nn.Conv2d(1, 1, 3, padding_mode='mirror')", randn(1, 1, 5, 5))
    s.case("conv_err_negative_kernel", "nn.Conv2d(2, 4, (3, -1))", randn(1, 2, 5, 5))
    s.case("conv_err_negative_in_channels", "nn.Conv2d(-4, 4, 3, groups=2)", randn(1, 4, 5, 5))
    s.case("conv_err_negative_out_channels", "nn.Conv2d(3, -4, -3)", randn(1, 3, 5, 5))

    # --- forward errors ---------------------------------------------------------------------------
    s.case("conv_err_rank_2", "nn.Conv2d(3, 4, 3)", randn(5, 5))
    s.case("conv_err_rank_5", "nn.Conv2d(3, 4, 3)", randn(1, 1, 3, 5, 5))
    s.case("conv_err_rank_1_same", "nn.Conv2d(3, 4, 2, padding='same')", randn(5))
    s.case("conv_err_reflect_rank_2", "nn.Conv2d(3, 4, 3, padding_mode='reflect')", randn(4, 5))
    s.case("conv_err_circular_rank_5", "nn.Conv2d(3, 4, 3, padding_mode='circular')", randn(1, 1, 3, 5, 5))
    s.case("conv_err_replicate_rank_1", "nn.Conv2d(3, 4, 3, padding_mode='replicate')", randn(4))
    s.case("conv_err_negative_padding_zeros", "nn.Conv2d(3, 4, 3, padding=-1, stride=0)", randn(1, 3, 5, 5),
           note="negative padding is checked before stride")
    s.case("conv_err_stride_zero", "nn.Conv2d(3, 4, 3, stride=(1, 0), dilation=0)", randn(1, 4, 5, 5),
           note="stride is checked before channels")
    s.case("conv_err_stride_negative", "nn.Conv2d(3, 4, 3, stride=-1)", randn(1, 3, 5, 5))
    s.case("conv_err_dilation_negative", "nn.Conv2d(3, 4, 3, dilation=(-1, 2))", randn(1, 4, 5, 5))
    s.case("conv_err_dilation_zero_native", "nn.Conv2d(3, 4, 3, dilation=(0, 1))", randn(1, 3, 5, 5))
    s.case("conv_err_dilation_zero_onednn", "nn.Conv2d(3, 4, 3, dilation=0)", randn(2, 3, 5, 5),
           note="a batch of 2 goes to oneDNN, which words it differently")
    s.case("conv_err_dilation_zero_channels_first", "nn.Conv2d(3, 4, 3, dilation=0)", randn(1, 4, 5, 5))
    s.case("conv_err_kernel_zero_native", "nn.Conv2d(3, 4, (0, 2))", randn(1, 3, 5, 5))
    s.case("conv_err_kernel_zero_dilated", "nn.Conv2d(3, 4, 0, dilation=2)", randn(1, 3, 5, 5))
    s.case("conv_err_kernel_zero_and_dilation_zero", "nn.Conv2d(3, 4, 0, dilation=0)", randn(1, 3, 5, 5))
    s.case("conv_err_kernel_zero_onednn", "nn.Conv2d(4, 4, 0, groups=2)", randn(1, 4, 5, 5))
    s.case("conv_err_kernel_zero_empty_batch", "nn.Conv2d(3, 4, 0)", randn(0, 3, 5, 5))
    s.case("conv_err_kernel_zero_same", "nn.Conv2d(3, 4, 0, padding='same')", randn(1, 3, 5, 5))
    s.case("conv_err_channels", "nn.Conv2d(3, 4, 3)", randn(1, 4, 5, 5))
    s.case("conv_err_channels_unbatched", "nn.Conv2d(3, 4, 3)", randn(2, 5, 5))
    s.case("conv_err_channels_groups", "nn.Conv2d(4, 4, 3, groups=2)", randn(1, 2, 5, 5))
    s.case("conv_err_channels_same_even", "nn.Conv2d(4, 4, 2, padding='same')", randn(1, 3, 5, 5),
           note="the message shows the input after the extra bottom/right zeros")
    s.case("conv_err_channels_reflect", "nn.Conv2d(4, 4, 3, padding=1, padding_mode='reflect')", randn(1, 3, 5, 5),
           note="the message shows the reflect-padded input")
    s.case("conv_err_out_channels_zero", "nn.Conv2d(3, 0, 7)", randn(1, 3, 5, 5))
    s.case("conv_err_kernel_too_large", "nn.Conv2d(1, 1, 7)", randn(1, 1, 5, 5))
    s.case("conv_err_dilated_kernel_too_large", "nn.Conv2d(1, 1, 3, padding=1, dilation=(2, 3))", randn(1, 1, 5, 4),
           note="the kernel size printed is the dilated one")
    s.case("conv_err_empty_height", "nn.Conv2d(1, 1, 3)", randn(1, 1, 0, 5))
    s.case("conv_err_empty_height_padded", "nn.Conv2d(1, 1, 1, padding=1)", randn(1, 1, 0, 5))
    s.case("conv_err_reflect_limit_width", "nn.Conv2d(1, 1, 3, padding=5, padding_mode='reflect')", randn(1, 1, 5, 5))
    s.case("conv_err_reflect_limit_height", "nn.Conv2d(1, 1, 3, padding=(3, 1), padding_mode='reflect')",
           randn(1, 1, 3, 5))
    s.case("conv_err_reflect_limit_unbatched", "nn.Conv2d(1, 1, 3, padding=(3, 1), padding_mode='reflect')",
           randn(1, 3, 5))
    s.case("conv_err_reflect_same_limit", "nn.Conv2d(1, 1, 4, padding='same', padding_mode='reflect')",
           randn(1, 1, 2, 2))
    s.case("conv_err_reflect_empty", "nn.Conv2d(1, 1, 1, padding_mode='reflect')", randn(1, 1, 0, 3))
    s.case("conv_err_replicate_empty_channels", "nn.Conv2d(0, 1, 1, padding_mode='replicate')", randn(1, 0, 3, 3))
    s.case("conv_err_reflect_crop_too_much", "nn.Conv2d(1, 1, 1, padding=-3, padding_mode='reflect')", randn(1, 1, 5, 5))
    s.case("conv_err_replicate_crop_to_nothing", "nn.Conv2d(1, 1, 1, padding=(-1, -3), padding_mode='replicate')",
           randn(1, 1, 5, 6))
    s.case("conv_err_circular_wrap", "nn.Conv2d(1, 1, 3, padding=4, padding_mode='circular')", randn(1, 1, 5, 3))
    s.case("conv_err_circular_crop_too_much", "nn.Conv2d(1, 1, 1, padding=-3, padding_mode='circular')", randn(1, 1, 5, 5))
    s.case("conv_err_circular_crop_then_kernel", "nn.Conv2d(1, 1, 3, padding=-2, padding_mode='circular')",
           randn(1, 1, 5, 5))
    s.case("conv_err_circular_empty_height", "nn.Conv2d(1, 1, 3, padding=1, padding_mode='circular')", randn(1, 1, 0, 5))


# (input side L, kernel k, stride s, padding p) of the reference's ceil-mode examples.
CEIL_EXAMPLES = [(5, 2, 2, 0), (6, 3, 2, 1), (7, 2, 3, 0), (5, 3, 3, 1)]


def pool_seed_cases(s, short, cls):
    """The summary's two examples of a pool (`cls`, e.g. "MaxPool2d") on one small random input."""
    x = randn(2, 3, 11, 8)
    s.case(f"{short}_seed_square", f"nn.{cls}(3, stride=2)", x, note="summary example on a small input")
    s.case(f"{short}_seed_rect", f"nn.{cls}((3, 2), stride=(2, 1))", x, note="summary example on a small input")


def pool_ceil_cases(s, short, cls, extra=""):
    """Each ceil-mode example of the reference with ceil_mode off and on; `extra` ends the arguments."""
    for (size, k, st, p) in CEIL_EXAMPLES:
        for ceil in (False, True):
            s.case(f"{short}_ceil_{ceil}_L{size}_k{k}_s{st}_p{p}",
                   f"nn.{cls}({k}, stride={st}, padding={p}, ceil_mode={ceil}{extra})", randn(1, 1, size, size))


def maxpool_cases(s):
    pool_seed_cases(s, "max", "MaxPool2d")
    s.case("max_default_stride", "nn.MaxPool2d(2, return_indices=True)", randn(1, 2, 5, 6))
    s.case("max_padding", "nn.MaxPool2d(3, stride=1, padding=1, return_indices=True)", -ones(1, 1, 3, 4) - arange(1, 1, 3, 4),
           note="padding acts as -inf: an all-negative input still wins")
    s.case("max_padding_per_axis", "nn.MaxPool2d((3, 2), padding=(1, 0), return_indices=True)", randn(1, 2, 5, 5))
    s.case("max_dilation", "nn.MaxPool2d(2, stride=1, dilation=2, return_indices=True)", randn(1, 1, 5, 5))
    s.case("max_dilation_per_axis", "nn.MaxPool2d(3, stride=(2, 1), padding=1, dilation=(1, 2), return_indices=True)",
           randn(1, 2, 6, 7))
    s.case("max_pad_within_dilated_half", "nn.MaxPool2d(2, stride=1, padding=1, dilation=3, return_indices=True)",
           randn(1, 1, 6, 6), note="pad 1 <= kernel 2 // 2 and <= effective kernel 4 // 2")
    pool_ceil_cases(s, "max", "MaxPool2d", extra=", return_indices=True")
    s.case("max_ceil_window_without_input", "nn.MaxPool2d(2, stride=3, padding=1, dilation=3, ceil_mode=True, return_indices=True)",
           randn(1, 1, 1, 3), note="the only window's taps all fall in padding: -inf, index past the plane")
    s.case("max_ties_first", "nn.MaxPool2d(2, return_indices=True)",
           torch.tensor([[[[1.0, 3.0, 3.0, 2.0], [3.0, 3.0, 2.0, 2.0], [0.0, 0.0, 5.0, 5.0], [0.0, 0.0, 5.0, 5.0]]]]),
           note="ties keep the first maximum in scan order")
    s.case("max_overlapping_ties", "nn.MaxPool2d((1, 2), stride=1, return_indices=True)",
           torch.tensor([[[[1.0, 3.0, 3.0, 2.0]]]]))
    nan = float("nan")
    inf = float("inf")
    s.case("max_nan_wins_last", "nn.MaxPool2d(2, return_indices=True)",
           torch.tensor([[[[nan, 9.0, 1.0, nan], [2.0, nan, nan, 3.0], [inf, 1.0, -inf, -inf], [2.0, inf, -inf, -inf]]]]),
           note="NaN wins and the last NaN is reported; +inf ties keep the first; all -inf gives -inf at the first cell")
    s.case("max_unbatched", "nn.MaxPool2d(2, stride=1, return_indices=True)", randn(2, 3, 4))
    s.case("max_batch_zero", "nn.MaxPool2d(2)", randn(0, 2, 4, 4))
    s.case("max_one_by_one", "nn.MaxPool2d(1)", randn(1, 2, 3, 3))
    s.case("max_kernel_equals_input", "nn.MaxPool2d((3, 4), return_indices=True)", randn(2, 1, 3, 4))
    s.case("max_large_kernel_padding", "nn.MaxPool2d(5, padding=2, return_indices=True)", randn(2, 1, 1))

    # errors
    s.case("max_err_kernel_zero_stride_default", "nn.MaxPool2d(0)", randn(1, 1, 3, 3),
           note="stride defaults to kernel_size = 0, so stride is reported")
    s.case("max_err_kernel_zero", "nn.MaxPool2d(0, stride=1)", randn(1, 1, 3, 3))
    s.case("max_err_kernel_negative", "nn.MaxPool2d(-1, stride=1)", randn(1, 1, 3, 3))
    s.case("max_err_kernel_negative_pad_check", "nn.MaxPool2d(-3, stride=1)", randn(1, 1, 3, 3))
    s.case("max_err_stride_zero_width", "nn.MaxPool2d(2, stride=(1, 0))", randn(1, 1, 3, 3))
    s.case("max_err_stride_negative", "nn.MaxPool2d(2, stride=-1)", randn(1, 1, 3, 3))
    s.case("max_err_pad_negative", "nn.MaxPool2d(2, padding=(0, -1))", randn(1, 1, 3, 3))
    s.case("max_err_pad_over_effective_half", "nn.MaxPool2d(3, padding=2)", randn(1, 1, 5, 5))
    s.case("max_err_pad_over_kernel_half_dilated", "nn.MaxPool2d(2, padding=(0, 2), dilation=3)", randn(1, 1, 9, 9),
           note="dilation relaxes the first check but not the second")
    s.case("max_err_dilation_zero", "nn.MaxPool2d(2, dilation=0)", randn(1, 1, 3, 3))
    s.case("max_err_dilation_zero_pad", "nn.MaxPool2d(2, padding=(0, 1), dilation=0)", randn(1, 1, 3, 3))
    s.case("max_err_dilation_negative", "nn.MaxPool2d(2, dilation=(1, -1))", randn(1, 1, 9, 9))
    s.case("max_err_rank_2", "nn.MaxPool2d(2)", randn(3, 3))
    s.case("max_err_rank_2_before_stride", "nn.MaxPool2d(0)", randn(3, 3))
    s.case("max_err_rank_5", "nn.MaxPool2d(2)", randn(1, 1, 1, 3, 3))
    s.case("max_err_zero_channels", "nn.MaxPool2d(2)", randn(1, 0, 3, 3))
    s.case("max_err_zero_channels_unbatched", "nn.MaxPool2d(2)", randn(0, 3, 3))
    s.case("max_err_zero_width", "nn.MaxPool2d(2)", randn(1, 3, 0))
    s.case("max_err_output_too_small", "nn.MaxPool2d(2)", randn(1, 1, 1, 1))
    s.case("max_err_output_too_small_dilated", "nn.MaxPool2d(2, dilation=4)", randn(2, 4, 3))
    s.case("max_err_int_overflow", "nn.MaxPool2d(2147483648)", randn(1, 1, 3, 3))
    s.case("max_err_int_overflow_before_rank", "nn.MaxPool2d(2, stride=1, dilation=-2147483649)", randn(3, 3))
    s.case("max_huge_stride_fits", "nn.MaxPool2d(2, stride=2147483647, return_indices=True)", randn(1, 1, 3, 3))
    s.case("max_huge_kernel_and_padding", "nn.MaxPool2d(2147483647, stride=1, padding=1073741823, return_indices=True)",
           arange(1, 1, 3, 3), note="every window covers the whole input")
    s.case("max_err_huge_dilation_output", "nn.MaxPool2d(2147483647, stride=1, padding=1073741823, dilation=2147483647)",
           randn(1, 1, 3, 3), note="64-bit output-size arithmetic")


def avgpool_cases(s):
    pool_seed_cases(s, "avg", "AvgPool2d")
    s.case("avg_worked_ceil_count_pad", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)", ones(1, 1, 4, 4),
           note="[[4/9, 6/9, 3/9], [6/9, 1, 1/2], [3/9, 1/2, 1/4]]: the ceil overhang past the padding is not counted")
    s.case("avg_worked_ceil_no_count_pad", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)",
           ones(1, 1, 4, 4))
    s.case("avg_worked_ceil_edges", "nn.AvgPool2d(2, stride=2, ceil_mode=True)", ones(1, 1, 5, 5))
    s.case("avg_worked_one_by_one_count_pad", "nn.AvgPool2d(2, padding=1)", ones(1, 1, 1, 1))
    s.case("avg_worked_one_by_one_no_count_pad", "nn.AvgPool2d(2, padding=1, count_include_pad=False)", ones(1, 1, 1, 1))
    s.case("avg_ceil_overhang_corner", "nn.AvgPool2d(4, stride=2, padding=2, ceil_mode=True)", ones(1, 1, 1, 1))
    s.case("avg_padding_per_axis", "nn.AvgPool2d((3, 2), stride=1, padding=(1, 0))", randn(1, 2, 4, 5))
    s.case("avg_padding_per_axis_no_count", "nn.AvgPool2d((3, 2), stride=(1, 2), padding=(1, 1), count_include_pad=False)",
           randn(1, 2, 4, 5))
    pool_ceil_cases(s, "avg", "AvgPool2d")
    s.case("avg_divisor_override", "nn.AvgPool2d(2, divisor_override=3)", arange(1, 1, 4, 4))
    s.case("avg_divisor_override_negative", "nn.AvgPool2d(2, divisor_override=-2)", ones(1, 1, 2, 2))
    s.case("avg_divisor_override_with_padding", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=5)",
           ones(1, 1, 4, 4), note="the override replaces every divisor, padding or not")
    s.case("avg_divisor_override_large", "nn.AvgPool2d(2, divisor_override=4294967296)", ones(1, 1, 2, 2))
    s.case("avg_huge_kernel_and_padding", "nn.AvgPool2d(2147483647, stride=1, padding=1073741823)", arange(1, 1, 3, 3),
           note="the divisor counts the huge padding")
    s.case("avg_nan_inf", "nn.AvgPool2d(2)",
           torch.tensor([[[[float("nan"), 1.0, float("inf"), 1.0], [1.0, 1.0, 1.0, float("-inf")]]]]))
    s.case("avg_unbatched", "nn.AvgPool2d(2, stride=1, padding=1)", randn(2, 3, 3))
    s.case("avg_batch_zero", "nn.AvgPool2d(2)", randn(0, 2, 4, 4))

    s.case("avg_err_divisor_zero", "nn.AvgPool2d(2, divisor_override=0)", randn(3, 3),
           note="checked before the input rank")
    s.case("avg_err_rank_2", "nn.AvgPool2d(2)", randn(3, 3))
    s.case("avg_err_rank_1", "nn.AvgPool2d(2, stride=0)", randn(3))
    s.case("avg_err_rank_0", "nn.AvgPool2d(2)", torch.tensor(1.5))
    s.case("avg_err_rank_5", "nn.AvgPool2d(2)", randn(1, 1, 1, 3, 3))
    s.case("avg_err_rank_5_stride_first", "nn.AvgPool2d(0)", randn(1, 1, 1, 3, 3))
    s.case("avg_err_stride_zero", "nn.AvgPool2d(2, stride=(0, 1))", randn(1, 1, 3, 3))
    s.case("avg_err_kernel_zero", "nn.AvgPool2d(0, stride=1)", randn(1, 1, 3, 3))
    s.case("avg_err_stride_negative", "nn.AvgPool2d(2, stride=(-1, 1))", randn(1, 1, 3, 3))
    s.case("avg_err_pad_negative", "nn.AvgPool2d(2, padding=-1)", randn(1, 1, 3, 3))
    s.case("avg_err_pad_over_half", "nn.AvgPool2d(2, padding=(0, 2))", randn(1, 1, 3, 3))
    s.case("avg_err_zero_channels", "nn.AvgPool2d(2)", randn(1, 0, 3, 3))
    s.case("avg_err_output_too_small", "nn.AvgPool2d((2, 4))", randn(3, 5, 3))
    s.case("avg_err_divisor_float", "nn.AvgPool2d(2, divisor_override=1.5)", randn(1, 1, 3, 3),
           note="PyTorch raises this at forward; LayerScope when the arguments are bound")
    s.case("avg_err_divisor_bool", "nn.AvgPool2d(2, divisor_override=True)", randn(1, 1, 3, 3))
    s.case("avg_err_int_overflow", "nn.AvgPool2d(1099511627776, divisor_override=0)", randn(1, 1, 3, 3),
           note="the int conversion comes before the divisor check")


def adaptive_cases(s):
    for cls in ["AdaptiveMaxPool2d", "AdaptiveAvgPool2d"]:
        short = "amax" if cls == "AdaptiveMaxPool2d" else "aavg"
        idx = ", return_indices=True" if cls == "AdaptiveMaxPool2d" else ""
        s.case(f"{short}_seed_5x7", f"nn.{cls}((5, 7){idx})", randn(1, 4, 8, 9), note="summary example, 4 channels")
        s.case(f"{short}_seed_7", f"nn.{cls}(7{idx})", randn(1, 4, 10, 9), note="summary example, 4 channels")
        s.case(f"{short}_seed_none_7", f"nn.{cls}((None, 7){idx})", randn(1, 4, 10, 9), note="None keeps the height")
        s.case(f"{short}_none_second", f"nn.{cls}((2, None){idx})", randn(2, 3, 5))
        s.case(f"{short}_none_both", f"nn.{cls}((None, None){idx})", randn(1, 2, 3, 4))
        s.case(f"{short}_upsample", f"nn.{cls}((1, 5){idx})", torch.tensor([[[[0.0, 1.0, 2.0]]]]),
               note="3 -> 5 repeats elements")
        s.case(f"{short}_larger_output", f"nn.{cls}((7, 4){idx})", randn(1, 1, 3, 3))
        s.case(f"{short}_uneven_windows", f"nn.{cls}((3, 4){idx})", randn(1, 2, 10, 7), note="overlapping windows of varying size")
        s.case(f"{short}_divides", f"nn.{cls}(2{idx})", randn(2, 1, 6, 6), note="equals ordinary pooling with k = s = 3")
        s.case(f"{short}_output_one", f"nn.{cls}(1{idx})", randn(2, 3, 4, 5))
        s.case(f"{short}_output_zero", f"nn.{cls}((0, 3){idx})", randn(1, 2, 4, 4))
        s.case(f"{short}_unbatched", f"nn.{cls}(2{idx})", randn(2, 3, 5))
        s.case(f"{short}_batch_zero", f"nn.{cls}(2{idx})", randn(0, 2, 3, 3))
        s.case(f"{short}_err_rank_2", f"nn.{cls}(2{idx})", randn(5, 5))
        s.case(f"{short}_err_rank_5", f"nn.{cls}(2{idx})", randn(1, 1, 1, 5, 4))
        s.case(f"{short}_err_tuple_rank_2", f"nn.{cls}((2, 2){idx})", randn(5, 5),
               note="a tuple output_size needs at least 3 input dims, even without None")
        s.case(f"{short}_err_negative", f"nn.{cls}((2, -3){idx})", randn(1, 2, 5, 5))
        s.case(f"{short}_err_negative_int", f"nn.{cls}(-1{idx})", randn(2, 5, 4))
        s.case(f"{short}_err_empty_height", f"nn.{cls}(2{idx})", randn(1, 2, 0, 4))
        s.case(f"{short}_err_empty_width_unbatched", f"nn.{cls}(2{idx})", randn(2, 4, 0))
    nan = float("nan")
    s.case("amax_ties_nan", "nn.AdaptiveMaxPool2d((1, 2), return_indices=True)",
           torch.tensor([[[[1.0, 3.0, nan, 2.0], [3.0, 0.0, 2.0, nan]]]]),
           note="ties keep the first maximum; NaN wins, last NaN reported")
    s.case("amax_all_neg_inf", "nn.AdaptiveMaxPool2d(1, return_indices=True)", torch.full((1, 1, 2, 2), float("-inf")))
    s.case("amax_zero_channels_unbatched", "nn.AdaptiveMaxPool2d(2)", randn(0, 3, 3),
           note="the max pool checks non-batch dims 1.. of a 3-D input, so C = 0 passes")
    s.case("amax_err_zero_channels", "nn.AdaptiveMaxPool2d(2)", randn(1, 0, 3, 3))
    s.case("aavg_zero_channels", "nn.AdaptiveAvgPool2d(2)", randn(1, 0, 3, 3))
    s.case("aavg_nan", "nn.AdaptiveAvgPool2d(2)", torch.tensor([[[[nan, 1.0, 2.0], [1.0, 1.0, 3.0]]]]))
    s.case("aavg_one_rank_2", "nn.AdaptiveAvgPool2d(1)", randn(3, 4),
           note="output (1, 1) is input.mean((-1, -2), keepdim=True): any rank >= 2")
    s.case("aavg_one_rank_5", "nn.AdaptiveAvgPool2d((1, 1))", randn(2, 1, 2, 3, 4))
    s.case("aavg_one_empty_plane", "nn.AdaptiveAvgPool2d(1)", randn(1, 2, 0, 4), note="mean of nothing: NaN")
    s.case("aavg_one_via_none", "nn.AdaptiveAvgPool2d((1, None))", randn(1, 2, 3, 1))
    s.case("aavg_err_one_rank_1", "nn.AdaptiveAvgPool2d(1)", randn(5))
    s.case("aavg_err_negative_rank_2", "nn.AdaptiveAvgPool2d(-1)", randn(5, 5),
           note="the negative size is reported before the rank")


def type_error_cases(s):
    """PyTorch's own type errors for bool arguments the pooling functions take from the module."""
    x = randn(1, 1, 3, 3)
    s.case("max_err_ceil_mode_int", "nn.MaxPool2d(2, ceil_mode=1)", x)
    s.case("max_err_ceil_mode_none", "nn.MaxPool2d(2, ceil_mode=None)", x)
    s.case("avg_err_ceil_mode_int", "nn.AvgPool2d(2, ceil_mode=0)", x)
    s.case("avg_err_ceil_mode_str", "nn.AvgPool2d(2, ceil_mode='yes')", x)
    s.case("avg_err_count_include_pad_none", "nn.AvgPool2d(2, count_include_pad=None)", x)
    s.case("avg_err_count_include_pad_float", "nn.AvgPool2d(2, count_include_pad=1.0)", x)


def float_sum_cases(s):
    """The average pools sum in float32 in PyTorch's order: huge values overflow, cancellation loses
    what PyTorch loses (found by the differential check)."""
    g = torch.Generator().manual_seed(2015)

    def mixed(*shape):
        """Values spread over eight orders of magnitude, so the order of a float32 sum shows."""
        return torch.randn(*shape, generator=g) * torch.pow(10.0, torch.randint(0, 8, shape, generator=g).float())

    big = 3e38
    huge = torch.full((1, 1, 2, 3), big)
    cancel = torch.tensor([[[[1e8, 1.0, 1.0], [-1e8, 1.0, 1.0]]]])
    s.case("avg_float_sum_overflow", "nn.AvgPool2d(2, stride=1)", huge, note="the float32 sum overflows to inf")
    s.case("avg_float_sum_cancellation", "nn.AvgPool2d(2, stride=1)", cancel,
           note="row-major float32 sum: 1e8 + 1 + -1e8 + 1 = 1")
    s.case("avg_float_sum_divisor_override", "nn.AvgPool2d((2, 3), divisor_override=3)", cancel)
    s.case("avg_float_sum_mixed", "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)", mixed(1, 2, 7, 6))
    s.case("aavg_float_sum_overflow", "nn.AdaptiveAvgPool2d((1, 2))", huge)
    s.case("aavg_float_sum_cancellation", "nn.AdaptiveAvgPool2d((1, 2))", cancel, note="divided by kh, then by kw")
    s.case("aavg_float_sum_mixed", "nn.AdaptiveAvgPool2d((3, 2))", mixed(1, 2, 7, 6))
    s.case("aavg_mean_overflow", "nn.AdaptiveAvgPool2d(1)", huge, note="input.mean((-1, -2)) in float32")
    s.case("aavg_mean_scalar_order", "nn.AdaptiveAvgPool2d(1)", mixed(2, 3, 1, 7),
           note="fewer than 8 values: four interleaved float32 accumulators")
    s.case("aavg_mean_vector_order", "nn.AdaptiveAvgPool2d((1, 1))", mixed(2, 2, 5, 9),
           note="8 lanes, the leftover values first")
    s.case("aavg_mean_cascade_order", "nn.AdaptiveAvgPool2d(1)", mixed(1, 1, 24, 24),
           note="long enough for the sum kernel's cascade levels")
    s.case("aavg_mean_rank_2_order", "nn.AdaptiveAvgPool2d(1)", mixed(5, 11))

    # Sums whose float32 result depends on the order (sequential: 1, 0, 31; exact: 3, 3, 30).
    five = torch.tensor([[[[1e8, 1.0, 1.0, -1e8, 1.0]]]])
    s.case("aavg_mean_scalar_order_cancels", "nn.AdaptiveAvgPool2d(1)", five,
           note="accumulators 1e8, 1, 1, -1e8; the fifth value joins the first: sum 0")
    seventeen = torch.zeros(17)
    seventeen[[16, 0, 8, 1, 2, 3, 11]] = torch.tensor([1e8, 1e8, -1e8, 1.0, -1e8, 1.0, 1.0])
    s.case("aavg_mean_vector_order_cancels", "nn.AdaptiveAvgPool2d(1)", seventeen.reshape(1, 1, 1, 17),
           note="the leftover value first, then lanes 0..7: sum 2")
    blocks = torch.zeros(1024)
    for r in range(32):
        blocks[r * 32] = 1e8 if r == 15 else (-1e8 if r == 16 else 1.0)
    s.case("aavg_mean_cascade_order_cancels", "nn.AdaptiveAvgPool2d(1)", blocks.reshape(1, 1, 32, 32),
           note="one accumulator of lane 0 sums two blocks of 16 values separately: sum 16")


def onednn_padding_cases(s):
    """oneDNN multiplies the zero padding (inf · 0 = NaN) when an axis with a kernel side of 1 is
    padded, and skips it otherwise (found by the differential check)."""
    w = torch.ones(2, 2, 1, 3)
    w[:, :, 0, 0] = float("inf")
    x = ones(2, 2, 3, 4)
    s.case("conv_inf_weight_onednn_padded_side_of_1", "nn.Conv2d(2, 2, (1, 3), padding=(1, 1), bias=False)", x,
           set={"weight": w}, note="kernel height 1 with height padding: every padded tap is multiplied")
    s.case("conv_inf_weight_onednn_unpadded_side_of_1", "nn.Conv2d(2, 2, (1, 3), padding=(0, 1), bias=False)", x,
           set={"weight": w}, note="only the width (kernel side 3) is padded: padded taps are skipped")
    s.case("conv_nan_weight_onednn_1x1_padded", "nn.Conv2d(2, 2, 1, padding=1, bias=False)", x,
           set={"weight": torch.tensor([[[[float("nan")]], [[1.0]]], [[[1.0]], [[1.0]]]])})


def output_size_type_cases(s):
    """output_size values Python rejects by their type or length, in the functional's own words."""
    x = ones(1, 2, 5, 5)
    for cls, short in [("AdaptiveMaxPool2d", "amax"), ("AdaptiveAvgPool2d", "aavg")]:
        s.case(f"{short}_err_output_size_none", f"nn.{cls}(None)", x)
        s.case(f"{short}_err_output_size_float", f"nn.{cls}(1.5)", x)
        s.case(f"{short}_err_output_size_three", f"nn.{cls}((1, 2, 3))", x)
        s.case(f"{short}_err_output_size_one", f"nn.{cls}((2,))", x)
        s.case(f"{short}_err_output_size_list_one", f"nn.{cls}([3])", x)
        s.case(f"{short}_err_output_size_three_on_3d", f"nn.{cls}((1, None, 3))", ones(2, 5, 5))


def pooling_arity_cases(s):
    """Pooling sizes as 1-entry lists, empty strides and tuples of the wrong length."""
    x = torch.arange(72.0).reshape(1, 2, 6, 6)
    for cls, short in [("MaxPool2d", "max"), ("AvgPool2d", "avg")]:
        s.case(f"{short}_kernel_one_entry_list", f"nn.{cls}([3])", x)
        s.case(f"{short}_kernel_one_entry_tuple", f"nn.{cls}((3,), padding=[1])", x)
        s.case(f"{short}_stride_empty_list", f"nn.{cls}(3, stride=[])", x)
        s.case(f"{short}_stride_empty_tuple", f"nn.{cls}((2, 3), stride=())", x)
        s.case(f"{short}_err_kernel_three", f"nn.{cls}((3, 2, 1))", x)
        s.case(f"{short}_err_kernel_empty", f"nn.{cls}([])", x)
        s.case(f"{short}_err_stride_three", f"nn.{cls}(3, stride=(1, 2, 3))", x)
        s.case(f"{short}_err_padding_three", f"nn.{cls}(3, padding=(1, 1, 1))", x)
    s.case("max_dilation_one_entry", "nn.MaxPool2d(2, dilation=[2])", x)
    s.case("max_err_dilation_three", "nn.MaxPool2d(2, dilation=(1, 1, 1))", x)


def build():
    s = Spatial()
    torch.set_warn_always(True)
    try:
        conv2d_cases(s)
        maxpool_cases(s)
        avgpool_cases(s)
        adaptive_cases(s)
        type_error_cases(s)
        float_sum_cases(s)
        onednn_padding_cases(s)
        output_size_type_cases(s)
        pooling_arity_cases(s)
    finally:
        torch.set_warn_always(False)
    return s.rec
