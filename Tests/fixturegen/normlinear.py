"""BatchNorm2d and Linear: PyTorch's outputs, running statistics and errors.

BatchNorm2d: train and eval, several steps with momentum 0.1 / 0.5 / None, affine and bias off,
no running statistics, eps values, loaded weights and running statistics, the one-value-per-channel
rule, channel mismatches, eps and rank errors, empty inputs. Linear: loaded weights on 1-D to 4-D
inputs, no bias, zero features, the seed example on a small batch, shape errors.
Every weight and bias is loaded with `set` (LayerKit's generator differs from PyTorch's).
"""

import torch

from fixturegen.common import Recorder

BUFFERS = ["running_mean", "running_var", "num_batches_tracked"]


def _batch_norm(rec):
    def affine(c):
        return {"weight": torch.rand(c) + 0.5, "bias": torch.randn(c)}

    def running(c):
        return {"running_mean": torch.randn(c), "running_var": torch.rand(c) + 0.5}

    x = torch.randn(2, 3, 4, 4) * 2 + 1

    # Training: batch statistics, one running update per step.
    rec.case("bn_train", "nn.BatchNorm2d(3)", x, set=affine(3), save=BUFFERS)
    rec.case("bn_train_defaults", "nn.BatchNorm2d(3)", x, save=BUFFERS)
    rec.case("bn_train_steps3_momentum_0.1", "nn.BatchNorm2d(3)", x, set=affine(3), steps=3, save=BUFFERS)
    rec.case("bn_train_steps3_momentum_0.5", "nn.BatchNorm2d(3, momentum=0.5)", x, set=affine(3), steps=3,
             save=BUFFERS)
    rec.case("bn_train_steps3_momentum_none", "nn.BatchNorm2d(3, momentum=None)", x, set=affine(3), steps=3,
             save=BUFFERS)
    rec.case("bn_train_momentum_none_loaded", "nn.BatchNorm2d(3, momentum=None)", x,
             set={**affine(3), **running(3), "num_batches_tracked": torch.tensor(4)}, steps=2, save=BUFFERS,
             note="factor 1/5 then 1/6")
    rec.case("bn_train_momentum_loaded_running", "nn.BatchNorm2d(3)", x, set={**affine(3), **running(3)},
             steps=2, save=BUFFERS)
    rec.case("bn_train_momentum_0", "nn.BatchNorm2d(3, momentum=0.0)", x, set=affine(3), save=BUFFERS,
             note="running statistics stay, the counter still counts")
    rec.case("bn_train_momentum_1", "nn.BatchNorm2d(3, momentum=1.0)", x, set=affine(3), save=BUFFERS)
    rec.case("bn_train_momentum_2_unchecked", "nn.BatchNorm2d(3, momentum=2.0)", x, set=affine(3), steps=2,
             save=BUFFERS)
    rec.case("bn_train_affine_false", "nn.BatchNorm2d(3, affine=False)", x, steps=2, save=BUFFERS)
    w = affine(3)
    rec.case("bn_train_bias_false", "nn.BatchNorm2d(3, bias=False)", x, set={"weight": w["weight"]}, save=BUFFERS)
    rec.case("bn_train_affine_false_bias_false", "nn.BatchNorm2d(3, affine=False, bias=False)", x, save=BUFFERS)
    rec.case("bn_train_no_tracking", "nn.BatchNorm2d(3, track_running_stats=False)", x, set=affine(3), steps=2)
    rec.case("bn_train_no_tracking_no_affine", "nn.BatchNorm2d(3, affine=False, track_running_stats=False)", x)
    for eps in ["1e-3", "0.5", "10.0"]:
        rec.case(f"bn_train_eps_{eps}", f"nn.BatchNorm2d(3, eps={eps})", x, set=affine(3), save=BUFFERS)
    rec.case("bn_train_eps_inf", "nn.BatchNorm2d(3, eps=float('inf'))", x, set=affine(3))
    rec.case("bn_train_eps_nan", "nn.BatchNorm2d(3, eps=float('nan'))", x, set=affine(3))
    rec.case("bn_train_batch1", "nn.BatchNorm2d(3)", torch.randn(1, 3, 3, 2), set=affine(3), save=BUFFERS)
    rec.case("bn_train_1x1_batch2", "nn.BatchNorm2d(3)", torch.randn(2, 3, 1, 1), set=affine(3), save=BUFFERS)
    rec.case("bn_train_constant_channel", "nn.BatchNorm2d(2)",
             torch.stack([torch.full((2, 3, 3), 4.0), torch.randn(2, 3, 3)], dim=1), set=affine(2), save=BUFFERS,
             note="zero variance: (x - mean) = 0, output = bias")
    rec.case("bn_train_offset", "nn.BatchNorm2d(3)", torch.randn(4, 3, 3, 3) * 0.01 + 1000.0, set=affine(3),
             save=BUFFERS)
    xn = x.clone()
    xn[0, 1, 2, 2] = float("nan")
    rec.case("bn_train_nan_channel", "nn.BatchNorm2d(3)", xn, set=affine(3), save=BUFFERS)
    xi = x.clone()
    xi[1, 2, 0, 0] = float("inf")
    rec.case("bn_train_inf_channel", "nn.BatchNorm2d(3)", xi, set=affine(3), save=BUFFERS)
    rec.case("bn_train_5_channels", "nn.BatchNorm2d(5)", torch.randn(3, 5, 2, 3), set=affine(5), steps=2,
             save=BUFFERS)

    # Eval: running statistics when the buffers exist, batch statistics otherwise.
    rec.case("bn_eval_defaults", "nn.BatchNorm2d(3)", x, mode="eval", save=BUFFERS)
    rec.case("bn_eval_set", "nn.BatchNorm2d(3)", x, mode="eval", set={**affine(3), **running(3)},
             save=BUFFERS)
    rec.case("bn_eval_set_counter", "nn.BatchNorm2d(3, momentum=None)", x, mode="eval",
             set={**affine(3), **running(3), "num_batches_tracked": torch.tensor(7)}, save=BUFFERS)
    rec.case("bn_eval_affine_false", "nn.BatchNorm2d(3, affine=False)", x, mode="eval", set=running(3),
             save=BUFFERS)
    rec.case("bn_eval_bias_false", "nn.BatchNorm2d(3, bias=False)", x, mode="eval",
             set={"weight": affine(3)["weight"], **running(3)})
    rec.case("bn_eval_eps_0", "nn.BatchNorm2d(3, eps=0.0)", x, mode="eval", set={**affine(3), **running(3)})
    rec.case("bn_eval_eps_2", "nn.BatchNorm2d(3, eps=2.0)", x, mode="eval", set={**affine(3), **running(3)})
    rec.case("bn_eval_no_tracking", "nn.BatchNorm2d(3, track_running_stats=False)", x, mode="eval",
             set=affine(3))
    rec.case("bn_eval_no_tracking_no_affine", "nn.BatchNorm2d(3, affine=False, track_running_stats=False)", x,
             mode="eval")
    rec.case("bn_eval_zero_running_var_eps_0", "nn.BatchNorm2d(3, eps=0.0)", x, mode="eval",
             set={"running_var": torch.tensor([0.0, 1.0, 4.0])}, note="division by zero gives ±inf")

    # One value per channel: an error whenever batch statistics are needed.
    single = torch.randn(1, 3, 1, 1)
    rec.case("bn_train_single_value_error", "nn.BatchNorm2d(3)", single)
    rec.case("bn_eval_single_value", "nn.BatchNorm2d(3)", single, mode="eval", set={**affine(3), **running(3)})
    rec.case("bn_eval_single_value_no_buffers_error", "nn.BatchNorm2d(3, track_running_stats=False)", single,
             mode="eval")
    rec.case("bn_train_single_value_before_channels", "nn.BatchNorm2d(3)", torch.randn(1, 4, 1, 1))

    # eps: positive with batch statistics, non-negative with running statistics.
    rec.case("bn_train_eps_0_error", "nn.BatchNorm2d(3, eps=0.0)", x)
    rec.case("bn_train_eps_negative_error", "nn.BatchNorm2d(3, eps=-1.0)", x)
    rec.case("bn_eval_eps_negative_error", "nn.BatchNorm2d(3, eps=-1.0)", x, mode="eval")
    rec.case("bn_eval_eps_small_negative_error", "nn.BatchNorm2d(3, eps=-1e-05)", x, mode="eval")
    rec.case("bn_eval_no_buffers_eps_0_error", "nn.BatchNorm2d(3, eps=0.0, track_running_stats=False)", x,
             mode="eval")
    rec.case("bn_train_eps_before_channels", "nn.BatchNorm2d(3, eps=0.0)", torch.randn(2, 4, 2, 2))
    rec.case("bn_train_single_value_before_eps", "nn.BatchNorm2d(3, eps=0.0)", single)

    # Channel count against running_mean (or weight without buffers).
    x4 = torch.randn(2, 4, 2, 2)
    rec.case("bn_train_channels_error", "nn.BatchNorm2d(3)", x4)
    rec.case("bn_eval_channels_error", "nn.BatchNorm2d(3)", x4, mode="eval")
    rec.case("bn_train_channels_fewer_error", "nn.BatchNorm2d(4)", x)
    rec.case("bn_train_no_tracking_channels_error", "nn.BatchNorm2d(3, track_running_stats=False)", x4)
    rec.case("bn_eval_no_tracking_channels_error", "nn.BatchNorm2d(3, track_running_stats=False)", x4, mode="eval")
    rec.case("bn_train_bias_false_no_tracking_channels_error",
             "nn.BatchNorm2d(3, bias=False, track_running_stats=False)", x4)
    rec.case("bn_train_affine_false_channels_error", "nn.BatchNorm2d(3, affine=False)", x4)
    rec.case("bn_train_bare_any_channels", "nn.BatchNorm2d(3, affine=False, track_running_stats=False)", x4)

    # Rank.
    for shape in [(3, 4, 4), (2, 3), (3,), (1, 3, 2, 2, 2)]:
        rec.case(f"bn_rank_{len(shape)}_error", "nn.BatchNorm2d(3)", torch.randn(*shape))
    rec.case("bn_rank_0_error", "nn.BatchNorm2d(3)", torch.tensor(1.0), mode="eval")

    # Empty inputs: returned as they are, the counter still counts, no channel check.
    rec.case("bn_train_empty_batch", "nn.BatchNorm2d(3)", torch.randn(0, 3, 2, 2), save=BUFFERS)
    rec.case("bn_train_empty_rows", "nn.BatchNorm2d(3, momentum=None)", torch.randn(2, 3, 0, 2), save=BUFFERS)
    rec.case("bn_eval_empty_batch", "nn.BatchNorm2d(3)", torch.randn(0, 3, 2, 2), mode="eval", save=BUFFERS)
    rec.case("bn_train_empty_wrong_channels", "nn.BatchNorm2d(3)", torch.randn(0, 4, 2, 2), save=BUFFERS)
    rec.case("bn_zero_features_error", "nn.BatchNorm2d(0)", torch.randn(2, 0, 2, 2))
    rec.case("bn_zero_features_no_affine", "nn.BatchNorm2d(0, affine=False)", torch.randn(2, 0, 2, 2),
             save=BUFFERS)

    # Construction.
    rec.case("bn_negative_features_error", "nn.BatchNorm2d(-1)", x)
    rec.case("bn_negative_features_no_affine_error", "nn.BatchNorm2d(-1, affine=False)", x)
    rec.case("bn_negative_features_bare", "nn.BatchNorm2d(-1, affine=False, track_running_stats=False)", x)

    # The seed examples, on a small batch.
    seed_x = torch.randn(2, 100, 3, 3)
    rec.case("bn_seed_affine", "nn.BatchNorm2d(100)", seed_x, set=affine(100), save=BUFFERS)
    rec.case("bn_seed_no_affine", "nn.BatchNorm2d(100, affine=False)", seed_x, save=BUFFERS)


def _linear(rec):
    def params(out_f, in_f, bias=True):
        bound = 1 / max(in_f, 1) ** 0.5
        p = {"weight": (torch.rand(out_f, in_f) * 2 - 1) * bound}
        if bias:
            p["bias"] = (torch.rand(out_f) * 2 - 1) * bound
        return p

    rec.case("linear_2d", "nn.Linear(5, 3)", torch.randn(4, 5), set=params(3, 5))
    rec.case("linear_1d", "nn.Linear(5, 3)", torch.randn(5), set=params(3, 5))
    rec.case("linear_3d", "nn.Linear(5, 3)", torch.randn(2, 3, 5), set=params(3, 5))
    rec.case("linear_4d", "nn.Linear(5, 3)", torch.randn(2, 2, 2, 5), set=params(3, 5))
    rec.case("linear_no_bias_2d", "nn.Linear(5, 3, bias=False)", torch.randn(4, 5), set=params(3, 5, bias=False))
    rec.case("linear_no_bias_1d", "nn.Linear(5, 3, False)", torch.randn(5), set=params(3, 5, bias=False))
    rec.case("linear_1x1", "nn.Linear(1, 1)", torch.randn(3, 1), set=params(1, 1))
    rec.case("linear_wide", "nn.Linear(64, 2)", torch.randn(3, 64) * 10, set=params(2, 64))
    rec.case("linear_in_0", "nn.Linear(0, 4)", torch.randn(3, 0),
             set={"weight": torch.empty(4, 0), "bias": torch.randn(4)}, note="output = bias")
    rec.case("linear_in_0_1d", "nn.Linear(0, 4)", torch.randn(0),
             set={"weight": torch.empty(4, 0), "bias": torch.randn(4)})
    rec.case("linear_in_0_default_bias", "nn.Linear(0, 4)", torch.randn(2, 0),
             note="the bias bound is 0, so the initial bias is 0")
    rec.case("linear_in_0_no_bias", "nn.Linear(0, 2, bias=False)", torch.randn(2, 0))
    rec.case("linear_out_0", "nn.Linear(3, 0)", torch.randn(2, 3),
             set={"weight": torch.empty(0, 3), "bias": torch.empty(0)})
    rec.case("linear_empty_batch", "nn.Linear(5, 3)", torch.randn(0, 5), set=params(3, 5))
    rec.case("linear_empty_middle", "nn.Linear(5, 3)", torch.randn(2, 0, 5), set=params(3, 5))
    xn = torch.randn(3, 5)
    xn[0, 1] = float("nan")
    xn[2, 4] = float("inf")
    rec.case("linear_nonfinite", "nn.Linear(5, 3)", xn, set=params(3, 5))
    rec.case("linear_seed_example", "nn.Linear(20, 30)", torch.randn(8, 20), set=params(30, 20))

    # Shape errors: the matrix product reports the input flattened to 2-D.
    rec.case("linear_shape_error", "nn.Linear(3, 4)", torch.randn(2, 5))
    rec.case("linear_shape_error_no_bias", "nn.Linear(3, 4, bias=False)", torch.randn(2, 5))
    rec.case("linear_shape_error_1d", "nn.Linear(3, 4)", torch.randn(5))
    rec.case("linear_shape_error_1d_no_bias", "nn.Linear(3, 4, bias=False)", torch.randn(5))
    rec.case("linear_shape_error_3d", "nn.Linear(3, 4)", torch.randn(2, 5, 6))
    rec.case("linear_shape_error_4d", "nn.Linear(3, 4)", torch.randn(2, 5, 6, 7))
    rec.case("linear_shape_error_empty", "nn.Linear(3, 4)", torch.randn(2, 0, 5))
    rec.case("linear_shape_error_in_0", "nn.Linear(0, 4)", torch.randn(3))
    rec.case("linear_shape_error_out_0", "nn.Linear(3, 0)", torch.randn(2, 5))
    rec.case("linear_0d_error", "nn.Linear(3, 4)", torch.tensor(1.0))
    rec.case("linear_0d_error_no_bias", "nn.Linear(3, 4, bias=False)", torch.tensor(1.0))
    rec.case("linear_negative_in_error", "nn.Linear(-1, 4)", torch.randn(2, 3))
    rec.case("linear_negative_out_error", "nn.Linear(3, -1)", torch.randn(2, 3))
    rec.case("linear_negative_both_error", "nn.Linear(-1, -2)", torch.randn(2, 3))


def _regressions(rec):
    """Cases found by the differential check; drawn from their own generator so that the cases above
    keep their data."""
    g = torch.Generator().manual_seed(2015)

    def offset(*shape, mean=1000.0, spread=0.01):
        return torch.randn(*shape, generator=g) * spread + mean

    def affine(c):
        return {"weight": torch.rand(c, generator=g) + 0.5, "bias": torch.randn(c, generator=g)}

    # (N, C, 1, 1) is channels-last for PyTorch: the statistics are float32 sums over chunks of rows,
    # one chunk per thread. Recorded with two threads, the count LayerKit models.
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        rec.case("bn_train_nc11_offset_chunked_sums", "nn.BatchNorm2d(4, momentum=0.5)", offset(9, 4, 1, 1),
                 set=affine(4), save=BUFFERS,
                 note="float32 sums over two chunks of rows: the batch mean differs from a double sum")
        rec.case("bn_train_nc11_offset_long_batch", "nn.BatchNorm2d(3)", offset(40, 3, 1, 1, mean=-1000.0),
                 set=affine(3), save=BUFFERS)
        rec.case("bn_eval_no_buffers_nc11_offset", "nn.BatchNorm2d(2, track_running_stats=False)",
                 offset(30, 2, 1, 1, mean=500.0), mode="eval", set=affine(2))
    finally:
        torch.set_num_threads(threads)
    # The variance is the float32 sum divided in float32 before 1/√(var + eps) (in double): the
    # rounding of invstd shows when the mean is large against the spread.
    rec.case("bn_no_buffers_float_variance", "nn.BatchNorm2d(16, eps=1e-08, track_running_stats=False)",
             offset(2, 16, 2, 5, mean=-1000.0), mode="eval", set=affine(16))
    rec.case("bn_train_float_variance_running", "nn.BatchNorm2d(32, eps=1e-08, momentum=0.3)",
             offset(3, 32, 2, 2), set=affine(32), save=BUFFERS)
    # Where the chunks split shows when their float32 sums overflow.
    torch.set_num_threads(2)
    try:
        rec.case("bn_train_nc11_two_rows_one_chunk", "nn.BatchNorm2d(2)",
                 torch.tensor([2.5e38, 1.0, 2.5e38, 2.0]).reshape(2, 2, 1, 1), set=affine(2), save=BUFFERS,
                 note="two rows are not split: their float32 sum overflows, the mean is inf")
        rec.case("bn_train_nc11_three_rows_two_chunks", "nn.BatchNorm2d(1)",
                 torch.tensor([2.5e38, -2.5e38, 2.5e38]).reshape(3, 1, 1, 1), set=affine(1), save=BUFFERS,
                 note="rows [0, 2) and [2, 3): the chunk sums 0 and 2.5e38 stay finite")
        rec.case("bn_train_nc11_four_rows_two_chunks", "nn.BatchNorm2d(1)",
                 torch.tensor([2.5e38, 2.5e38, -2.5e38, -2.5e38]).reshape(4, 1, 1, 1), set=affine(1),
                 save=BUFFERS, note="rows [0, 2) and [2, 4): both chunk sums overflow, inf − inf is NaN")
    finally:
        torch.set_num_threads(threads)


def _train_then_eval(rec):
    """25 training passes on one batch, then module.eval() and one more pass: the running statistics
    the eval output is normalised with (what the interactive program shows after 25 steps).
    Last in the file, so the generator's draws for every earlier case stay as they were."""
    x = torch.randn(4, 3, 5, 5) * 1.5 + 0.5
    weights = {"weight": torch.rand(3) + 0.5, "bias": torch.randn(3)}
    for name, expr in [("momentum_0.1", "nn.BatchNorm2d(3)"), ("momentum_none", "nn.BatchNorm2d(3, momentum=None)")]:
        rec.case(f"bn_eval_after_25_train_steps_{name}", expr, x, mode="eval", set=weights, steps=25, save=BUFFERS)


def build():
    rec = Recorder("normlinear")
    _batch_norm(rec)
    _linear(rec)
    _regressions(rec)
    _train_then_eval(rec)
    return rec
