"""PyTorch reference cases for the losses: L1Loss, MSELoss and CrossEntropyLoss.

Every case that succeeds also records d(loss.sum())/d(input) (grad=True). Covered: the summary's
seed examples ((3, 5) inputs; class-index and probability targets), every reduction (and the
deprecated 'elementwise_mean' and legacy size_average/reduce), L1/MSE broadcasting with its warning
and errors, empty tensors, non-finite values, integer targets; CrossEntropyLoss weight /
ignore_index / label_smoothing combinations, probability targets, (C), (N, C), (N, C, L),
(N, C, H, W) and 5-D inputs, uint8 targets (with their quirks) and every error of the reference.
int32 class targets are not recorded: LayerScope reads them as int64.
"""

import torch

from fixturegen.common import Recorder

NAN = float("nan")
INF = float("inf")


def long(*values):
    return torch.tensor(values, dtype=torch.int64)


def byte(*values):
    return torch.tensor(values, dtype=torch.uint8)


def regression(rec):
    torch.manual_seed(10)
    # The summary's examples: (3, 5) input and target, then backward().
    x = torch.randn(3, 5)
    y = torch.randn(3, 5)
    for loss in ("L1Loss", "MSELoss"):
        name = loss.lower()
        rec.case(f"{name}_seed_example", f"nn.{loss}()", x, target=y, grad=True)
        for reduction in ("none", "mean", "sum"):
            rec.case(f"{name}_{reduction}", f"nn.{loss}(reduction='{reduction}')", x, target=y, grad=True)
        rec.case(f"{name}_elementwise_mean", f"nn.{loss}(reduction='elementwise_mean')", x, target=y, grad=True)
        rec.case(f"{name}_bad_reduction", f"nn.{loss}(reduction='foo')", x, target=y)
        rec.case(f"{name}_bad_reduction_positional", f"nn.{loss}(None, None, 'avg')", x, target=y)

        # Legacy arguments override reduction (even a bad one) and warn.
        legacy = [
            ("sa_false", "size_average=False"),
            ("sa_true", "size_average=True"),
            ("reduce_false", "reduce=False"),
            ("reduce_true", "reduce=True"),
            ("sa_false_reduce_false", "size_average=False, reduce=False"),
            ("sa_true_reduce_false", "size_average=True, reduce=False"),
            ("sa_false_reduce_true", "size_average=False, reduce=True"),
            ("sa_true_reduce_true_sum", "size_average=True, reduce=True, reduction='sum'"),
            ("reduce_false_bad_reduction", "reduce=False, reduction='foo'"),
            ("sa_false_positional", "False"),
        ]
        for tag, args in legacy:
            rec.case(f"{name}_legacy_{tag}", f"nn.{loss}({args})", x[:2, :3], target=y[:2, :3], grad=True)

        # Broadcasting: the mean is over the broadcast element count; a warning when shapes differ.
        a41 = torch.randn(4, 1)
        a4 = torch.randn(4)
        for reduction in ("mean", "sum", "none"):
            rec.case(f"{name}_broadcast_4x1_vs_4_{reduction}", f"nn.{loss}(reduction='{reduction}')",
                     a41, target=a4, grad=True)
            rec.case(f"{name}_broadcast_4_vs_4x1_{reduction}", f"nn.{loss}(reduction='{reduction}')",
                     a4, target=a41, grad=True)
        rec.case(f"{name}_broadcast_rank3", f"nn.{loss}()", torch.randn(2, 3, 4), target=torch.randn(3, 1),
                 grad=True)
        rec.case(f"{name}_broadcast_both_ways", f"nn.{loss}(reduction='none')", torch.randn(2, 1, 3),
                 target=torch.randn(1, 4, 1), grad=True)
        rec.case(f"{name}_broadcast_scalar_input", f"nn.{loss}()", torch.tensor(0.5), target=torch.randn(3),
                 grad=True)
        rec.case(f"{name}_broadcast_scalar_target", f"nn.{loss}(reduction='sum')", torch.randn(2, 3),
                 target=torch.tensor(0.25), grad=True)
        rec.case(f"{name}_scalars", f"nn.{loss}()", torch.tensor(1.5), target=torch.tensor(-2.0), grad=True)
        rec.case(f"{name}_broadcast_elementwise_mean", f"nn.{loss}(reduction='elementwise_mean')",
                 torch.randn(3), target=torch.randn(1), grad=True)
        # Broadcasting errors (after the warning), and which error wins.
        rec.case(f"{name}_not_broadcastable_1d", f"nn.{loss}()", torch.randn(3), target=torch.randn(2))
        rec.case(f"{name}_not_broadcastable_transposed", f"nn.{loss}()", torch.randn(2, 3), target=torch.randn(3, 2))
        rec.case(f"{name}_not_broadcastable_rank", f"nn.{loss}()", torch.randn(3), target=torch.randn(2, 1, 4))
        rec.case(f"{name}_not_broadcastable_empty", f"nn.{loss}()", torch.randn(0, 3), target=torch.randn(2, 3))
        rec.case(f"{name}_bad_shape_beats_bad_reduction", f"nn.{loss}(reduction='foo')", torch.randn(3),
                 target=torch.randn(2))
        rec.case(f"{name}_broadcast_then_bad_reduction", f"nn.{loss}(reduction='foo')", torch.randn(3),
                 target=torch.randn(1))

        # Empty tensors: mean NaN, sum 0, none empty.
        for reduction in ("mean", "sum", "none"):
            rec.case(f"{name}_empty_{reduction}", f"nn.{loss}(reduction='{reduction}')", torch.zeros(0, 3),
                     target=torch.zeros(0, 3), grad=True)
        rec.case(f"{name}_empty_broadcast", f"nn.{loss}()", torch.zeros(0, 3), target=torch.zeros(1, 3), grad=True)

        # Ties (L1's gradient is 0 where x == y), signed zeros and non-finite values.
        xs = torch.tensor([1.0, -2.0, 0.0, -0.0, NAN, INF, INF, -INF, 3.0, 1e30, -1e-30])
        ys = torch.tensor([1.0, -2.0, -0.0, 0.0, 1.0, INF, 1.0, 2.0, NAN, -1e30, 1e-30])
        for reduction in ("none", "mean", "sum"):
            rec.case(f"{name}_nonfinite_{reduction}", f"nn.{loss}(reduction='{reduction}')", xs, target=ys,
                     grad=True)
        rec.case(f"{name}_ties", f"nn.{loss}()", torch.tensor([[1.0, 2.0], [3.0, 4.0]]),
                 target=torch.tensor([[1.0, 2.5], [3.0, 3.5]]), grad=True)

        # Integer targets are promoted to float.
        rec.case(f"{name}_long_target", f"nn.{loss}(reduction='none')", torch.tensor([0.5, 1.0, 2.5]),
                 target=long(1, 2, 3), grad=True)
        rec.case(f"{name}_byte_target", f"nn.{loss}()", torch.tensor([0.5, 1.0, 2.5]), target=byte(1, 2, 3),
                 grad=True)
        rec.case(f"{name}_long_target_broadcast", f"nn.{loss}()", torch.tensor([[0.5], [1.0]]),
                 target=long(1, 2, 3), grad=True)
        # A larger batch, so the Double sums matter.
        rec.case(f"{name}_images", f"nn.{loss}()", torch.randn(2, 3, 4, 4) * 10, target=torch.randn(2, 3, 4, 4),
                 grad=True)


def cross_entropy_seed(rec):
    torch.manual_seed(0)
    # The summary's examples: input (3, 5); class indices in [0, 5); probabilities randn(3, 5).softmax(1).
    x = torch.randn(3, 5)
    classes = torch.randint(5, (3,), dtype=torch.int64)
    rec.case("ce_seed_example_classes", "nn.CrossEntropyLoss()", x, target=classes, grad=True)
    x2 = torch.randn(3, 5)
    probabilities = torch.randn(3, 5).softmax(dim=1)
    rec.case("ce_seed_example_probabilities", "nn.CrossEntropyLoss()", x2, target=probabilities, grad=True)


def cross_entropy_classes(rec):
    torch.manual_seed(20)
    x = torch.randn(4, 5) * 2
    t = long(1, 0, 4, 1)
    w = "torch.tensor([0.5, 1.0, 2.0, 0.25, 1.5])"
    for reduction in ("none", "mean", "sum"):
        rec.case(f"ce_classes_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x, target=t, grad=True)
        rec.case(f"ce_weight_{reduction}", f"nn.CrossEntropyLoss(weight={w}, reduction='{reduction}')", x,
                 target=t, grad=True)
        rec.case(f"ce_ignore_{reduction}", f"nn.CrossEntropyLoss(ignore_index=1, reduction='{reduction}')", x,
                 target=t, grad=True)
        rec.case(f"ce_weight_ignore_{reduction}",
                 f"nn.CrossEntropyLoss(weight={w}, ignore_index=1, reduction='{reduction}')", x, target=t, grad=True)
        rec.case(f"ce_smoothing_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}', label_smoothing=0.2)",
                 x, target=t, grad=True)
        rec.case(f"ce_weight_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(weight={w}, reduction='{reduction}', label_smoothing=0.3)", x, target=t,
                 grad=True)
        rec.case(f"ce_weight_ignore_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss({w}, None, 1, None, '{reduction}', 0.1)", x, target=t, grad=True)
        rec.case(f"ce_ignore_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(ignore_index=4, reduction='{reduction}', label_smoothing=0.5)", x, target=t,
                 grad=True)
        # Everything ignored: 'mean' is NaN (0/0), 'sum' 0, gradient 0.
        rec.case(f"ce_all_ignored_{reduction}", f"nn.CrossEntropyLoss(ignore_index=1, reduction='{reduction}')", x,
                 target=long(1, 1, 1, 1), grad=True)
        rec.case(f"ce_all_ignored_weight_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(weight={w}, ignore_index=1, reduction='{reduction}', label_smoothing=0.1)",
                 x, target=long(1, 1, 1, 1), grad=True)
        rec.case(f"ce_empty_batch_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", torch.zeros(0, 5),
                 target=long(), grad=True)
        rec.case(f"ce_empty_batch_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(reduction='{reduction}', label_smoothing=0.1)", torch.zeros(0, 5),
                 target=long(), grad=True)

    rec.case("ce_elementwise_mean", "nn.CrossEntropyLoss(reduction='elementwise_mean')", x, target=t, grad=True)
    # ignore_index anywhere: out of range (never matches), negative matching a -1 target.
    rec.case("ce_ignore_out_of_range", "nn.CrossEntropyLoss(ignore_index=7)", x, target=t, grad=True)
    rec.case("ce_ignore_minus_one", "nn.CrossEntropyLoss(ignore_index=-1)", x, target=long(1, -1, 4, -1), grad=True)
    rec.case("ce_ignore_minus_one_smoothing_none",
             "nn.CrossEntropyLoss(ignore_index=-1, reduction='none', label_smoothing=0.4)", x,
             target=long(1, -1, 4, -1), grad=True)
    # label_smoothing edges: 1.0 is allowed, negative is silently 0, NaN is not > 0 (so ignored).
    rec.case("ce_smoothing_one", "nn.CrossEntropyLoss(label_smoothing=1.0)", x, target=t, grad=True)
    rec.case("ce_weight_smoothing_one", f"nn.CrossEntropyLoss(weight={w}, label_smoothing=1)", x, target=t,
             grad=True)
    rec.case("ce_smoothing_negative", "nn.CrossEntropyLoss(label_smoothing=-0.5)", x, target=t, grad=True)
    rec.case("ce_smoothing_nan", "nn.CrossEntropyLoss(label_smoothing=float('nan'))", x, target=t, grad=True)
    # Zero and negative weights (a zero denominator gives NaN loss and NaN gradients).
    rec.case("ce_zero_weights", "nn.CrossEntropyLoss(weight=torch.tensor([0.0, 0.0, 0.0, 0.0, 0.0]))", x,
             target=t, grad=True)
    rec.case("ce_zero_target_weights_sum", "nn.CrossEntropyLoss(weight=torch.tensor([0.0, 0.0, 1.0, 1.0, 3.0]),"
             " reduction='sum')", x, target=t, grad=True)
    rec.case("ce_negative_weights", "nn.CrossEntropyLoss(weight=torch.tensor([-1.0, 2.0, -0.5, 1.0, 1.0]))", x,
             target=t, grad=True)
    # The weight is a buffer: load_state_dict / --set replaces it.
    rec.case("ce_weight_set", "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 1.0, 1.0, 1.0, 1.0]))", x, target=t,
             set={"weight": torch.tensor([0.1, 0.2, 0.3, 0.4, 5.0])}, grad=True, save=["weight"])
    # Legacy arguments.
    rec.case("ce_legacy_sa_false", "nn.CrossEntropyLoss(size_average=False)", x, target=t, grad=True)
    rec.case("ce_legacy_reduce_false", "nn.CrossEntropyLoss(reduce=False, reduction='foo')", x, target=t, grad=True)
    rec.case("ce_legacy_positional", f"nn.CrossEntropyLoss({w}, True, -100, True)", x, target=t, grad=True)
    rec.case("ce_legacy_sa_true_reduce_false", "nn.CrossEntropyLoss(size_average=True, reduce=False)", x,
             target=t, grad=True)
    # Large, non-finite logits: log_softmax subtracts the max (never log(softmax)).
    big = torch.tensor([[1e30, -1e30, 0.0], [100.0, 0.0, -100.0], [-INF, 1.0, 2.0], [-INF, 1.0, 2.0],
                        [NAN, 1.0, 2.0], [INF, 1.0, 2.0], [-INF, -INF, -INF]])
    rec.case("ce_extreme_logits_none", "nn.CrossEntropyLoss(reduction='none')", big,
             target=long(1, 2, 0, 1, 1, 1, 0), grad=True)
    rec.case("ce_extreme_logits_mean", "nn.CrossEntropyLoss()", big[:4], target=long(1, 2, 1, 1), grad=True)
    rec.case("ce_large_batch", "nn.CrossEntropyLoss(weight=torch.tensor([0.3, 1.0, 2.0]))",
             torch.randn(64, 3) * 3, target=torch.randint(3, (64,)), grad=True)


def cross_entropy_probabilities(rec):
    torch.manual_seed(30)
    x = torch.randn(3, 4) * 2
    p = torch.randn(3, 4).softmax(dim=1)
    w = "torch.tensor([0.5, 1.0, 2.0, 0.25])"
    for reduction in ("none", "mean", "sum"):
        rec.case(f"ce_prob_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x, target=p, grad=True)
        rec.case(f"ce_prob_weight_{reduction}", f"nn.CrossEntropyLoss(weight={w}, reduction='{reduction}')", x,
                 target=p, grad=True)
        rec.case(f"ce_prob_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(reduction='{reduction}', label_smoothing=0.25)", x, target=p, grad=True)
        rec.case(f"ce_prob_weight_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(weight={w}, reduction='{reduction}', label_smoothing=0.6)", x, target=p,
                 grad=True)
        rec.case(f"ce_prob_empty_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", torch.zeros(0, 4),
                 target=torch.zeros(0, 4), grad=True)
    # Targets are not checked to be distributions; a negative ignore_index is fine.
    rec.case("ce_prob_unnormalised", "nn.CrossEntropyLoss()", x, target=torch.tensor(
        [[2.0, 0.0, -1.0, 0.5], [0.0, 0.0, 0.0, 0.0], [0.3, 0.3, 0.3, 0.3]]), grad=True)
    rec.case("ce_prob_ignore_negative", "nn.CrossEntropyLoss(ignore_index=-1)", x, target=p, grad=True)
    rec.case("ce_prob_smoothing_negative", "nn.CrossEntropyLoss(label_smoothing=-1.0)", x, target=p, grad=True)
    rec.case("ce_prob_one_hot", "nn.CrossEntropyLoss()", x, target=torch.eye(4)[[1, 0, 3]], grad=True)
    rec.case("ce_prob_minus_inf_logit", "nn.CrossEntropyLoss(reduction='none')",
             torch.tensor([[-INF, 1.0, 2.0], [-INF, 1.0, 2.0]]),
             target=torch.tensor([[0.0, 0.5, 0.5], [0.2, 0.4, 0.4]]), grad=True)
    rec.case("ce_prob_no_classes", "nn.CrossEntropyLoss(reduction='none')", torch.zeros(3, 0),
             target=torch.zeros(3, 0), grad=True)
    rec.case("ce_prob_no_classes_mean", "nn.CrossEntropyLoss()", torch.zeros(3, 0), target=torch.zeros(3, 0),
             grad=True)


def cross_entropy_shapes(rec):
    torch.manual_seed(40)
    w = "torch.tensor([0.5, 1.0, 2.0])"
    # (N, C, L)
    x3 = torch.randn(2, 3, 4)
    t3 = long(0, 2, 1, 1, 2, 2, 0, 1)
    t3 = t3.reshape(2, 4)
    # (N, C, H, W)
    x4 = torch.randn(2, 3, 2, 3)
    t4 = torch.randint(3, (2, 2, 3))
    t4[0, 1, 1] = 1
    # 5-D
    x5 = torch.randn(2, 3, 2, 1, 2)
    t5 = torch.randint(3, (2, 2, 1, 2))
    for tag, x, t in (("ncl", x3, t3), ("nchw", x4, t4), ("5d", x5, t5)):
        for reduction in ("none", "mean", "sum"):
            rec.case(f"ce_{tag}_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x, target=t,
                     grad=True)
            rec.case(f"ce_{tag}_weight_ignore_smoothing_{reduction}",
                     f"nn.CrossEntropyLoss(weight={w}, ignore_index=1, reduction='{reduction}', label_smoothing=0.2)",
                     x, target=t, grad=True)
            rec.case(f"ce_{tag}_prob_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x,
                     target=torch.randn(x.shape).softmax(dim=1), grad=True)
        rec.case(f"ce_{tag}_weight", f"nn.CrossEntropyLoss(weight={w})", x, target=t, grad=True)
        rec.case(f"ce_{tag}_prob_weight_smoothing", f"nn.CrossEntropyLoss(weight={w}, label_smoothing=0.3)", x,
                 target=torch.randn(x.shape).softmax(dim=1), grad=True)
        rec.case(f"ce_{tag}_all_ignored", "nn.CrossEntropyLoss(ignore_index=0)", x,
                 target=torch.zeros(t.shape, dtype=torch.int64), grad=True)
    # Empty spatial / batch dimensions.
    rec.case("ce_ncl_empty_length", "nn.CrossEntropyLoss()", torch.zeros(2, 3, 0), target=torch.zeros(2, 0,
             dtype=torch.int64), grad=True)
    rec.case("ce_ncl_empty_length_none", "nn.CrossEntropyLoss(reduction='none')", torch.zeros(2, 3, 0),
             target=torch.zeros(2, 0, dtype=torch.int64), grad=True)
    rec.case("ce_nchw_empty_batch_none", "nn.CrossEntropyLoss(reduction='none')", torch.zeros(0, 3, 2, 2),
             target=torch.zeros(0, 2, 2, dtype=torch.int64), grad=True)
    rec.case("ce_nchw_empty_batch_sum", "nn.CrossEntropyLoss(reduction='sum')", torch.zeros(0, 3, 2, 2),
             target=torch.zeros(0, 2, 2, dtype=torch.int64), grad=True)

    # (C) input with a 0-d target (and a (1,) target, which 2.15 also accepts).
    x1 = torch.tensor([0.5, -1.0, 2.0, 0.0])
    for reduction in ("none", "mean", "sum"):
        rec.case(f"ce_unbatched_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x1,
                 target=torch.tensor(2), grad=True)
        rec.case(f"ce_unbatched_weight_smoothing_{reduction}",
                 f"nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0]), reduction='{reduction}',"
                 " label_smoothing=0.2)", x1, target=torch.tensor(1), grad=True)
        rec.case(f"ce_unbatched_ignored_{reduction}",
                 f"nn.CrossEntropyLoss(ignore_index=2, reduction='{reduction}')", x1, target=torch.tensor(2),
                 grad=True)
        rec.case(f"ce_unbatched_prob_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x1,
                 target=torch.tensor([0.1, 0.2, 0.3, 0.4]), grad=True)
        # The forward accepts a (1,) target; the backward rejects it (`size mismatch (got input: [4],
        # target: [1])`). An error case does not record that the gradient was asked for, so the
        # backward errors are tested in LossTests instead.
        rec.case(f"ce_unbatched_target_size_one_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", x1,
                 target=long(3))
    rec.case("ce_unbatched_weight", "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0]))", x1,
             target=torch.tensor(3), grad=True)
    rec.case("ce_unbatched_prob_weight_smoothing",
             "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0]), label_smoothing=0.5)", x1,
             target=torch.tensor([0.0, 0.0, 1.0, 0.0]), grad=True)
    rec.case("ce_unbatched_byte", "nn.CrossEntropyLoss()", x1, target=torch.tensor(1, dtype=torch.uint8), grad=True)
    rec.case("ce_unbatched_no_classes_ignored", "nn.CrossEntropyLoss(ignore_index=0)", torch.zeros(0),
             target=torch.tensor(0), grad=True)


def cross_entropy_bytes(rec):
    torch.manual_seed(50)
    x = torch.randn(3, 5)
    t = byte(1, 0, 4)
    rec.case("ce_byte_mean", "nn.CrossEntropyLoss()", x, target=t, grad=True)
    rec.case("ce_byte_none_weight", "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0]),"
             " reduction='none')", x, target=t, grad=True)
    rec.case("ce_byte_ignore", "nn.CrossEntropyLoss(ignore_index=4)", x, target=t, grad=True)
    rec.case("ce_byte_ignore_300", "nn.CrossEntropyLoss(ignore_index=300)", x, target=t, grad=True)
    rec.case("ce_byte_smoothing", "nn.CrossEntropyLoss(label_smoothing=0.3)", x, target=t, grad=True)
    rec.case("ce_byte_smoothing_weight_sum", "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0]),"
             " reduction='sum', label_smoothing=0.3)", x, target=t, grad=True)
    # The smoothing term masks with `target == ignore_index` in uint8, where -255 and 257 wrap to 1.
    rec.case("ce_byte_smoothing_ignore_wraps_none",
             "nn.CrossEntropyLoss(ignore_index=-255, reduction='none', label_smoothing=0.5)", x, target=t, grad=True)
    rec.case("ce_byte_smoothing_ignore_wraps_mean",
             "nn.CrossEntropyLoss(ignore_index=257, label_smoothing=0.5)", x, target=t, grad=True)
    rec.case("ce_long_smoothing_ignore_257", "nn.CrossEntropyLoss(ignore_index=257, label_smoothing=0.5)", x,
             target=long(1, 0, 4), grad=True)
    # Errors only uint8 targets meet.
    rec.case("ce_byte_smoothing_weight_mean", "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0]),"
             " label_smoothing=0.3)", x, target=t)
    rec.case("ce_byte_out_of_bounds", "nn.CrossEntropyLoss()", x, target=byte(200, 1, 1))
    rec.case("ce_byte_ncl", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3), target=torch.zeros(2, 3, dtype=torch.uint8))
    rec.case("ce_byte_nchw", "nn.CrossEntropyLoss(reduction='sum')", torch.randn(2, 5, 2, 2),
             target=torch.zeros(2, 2, 2, dtype=torch.uint8))
    # A reduced empty uint8 target passes nll_loss2d's forward (which returns early), not its backward
    # (tested in LossTests: an error case does not record that the gradient was asked for).
    rec.case("ce_byte_nchw_empty_mean", "nn.CrossEntropyLoss()", torch.zeros(0, 5, 2, 2),
             target=torch.zeros(0, 2, 2, dtype=torch.uint8))
    rec.case("ce_byte_ncl_empty_sum", "nn.CrossEntropyLoss(reduction='sum')", torch.zeros(2, 5, 0),
             target=torch.zeros(2, 0, dtype=torch.uint8))
    rec.case("ce_byte_nchw_empty_none", "nn.CrossEntropyLoss(reduction='none')", torch.zeros(0, 5, 2, 2),
             target=torch.zeros(0, 2, 2, dtype=torch.uint8))
    rec.case("ce_byte_nchw_weight_wrong", "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]))",
             torch.randn(2, 5, 2, 2), target=torch.zeros(2, 2, 2, dtype=torch.uint8))
    rec.case("ce_byte_prob_shape", "nn.CrossEntropyLoss()", x, target=torch.zeros(3, 5, dtype=torch.uint8))


def cross_entropy_errors(rec):
    torch.manual_seed(60)
    x = torch.randn(3, 5)
    t = long(1, 0, 4)
    w3 = "torch.tensor([1.0, 2.0, 3.0])"
    cases = [
        ("ce_err_bad_reduction", "nn.CrossEntropyLoss(reduction='foo')", x, t),
        ("ce_err_bad_reduction_beats_shape", "nn.CrossEntropyLoss(reduction='avg')", torch.randn(4, 5), t),
        ("ce_err_float_target_wrong_shape", "nn.CrossEntropyLoss()", x, t.float()),
        ("ce_err_float_target_ncl", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3), torch.zeros(2, 3)),
        ("ce_err_float_target_nchw_size", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3), torch.zeros(2, 3, 4)),
        ("ce_err_prob_long_target", "nn.CrossEntropyLoss()", x, torch.zeros(3, 5, dtype=torch.int64)),
        ("ce_err_prob_long_target_ignore", "nn.CrossEntropyLoss(ignore_index=2)", x,
         torch.zeros(3, 5, dtype=torch.int64)),
        ("ce_err_prob_ignore_index", "nn.CrossEntropyLoss(ignore_index=1)", x, torch.rand(3, 5)),
        ("ce_err_prob_ignore_index_zero", "nn.CrossEntropyLoss(ignore_index=0)", x, torch.rand(3, 5)),
        ("ce_err_prob_ignore_beats_weight", f"nn.CrossEntropyLoss(weight={w3}, ignore_index=1)", x, torch.rand(3, 5)),
        ("ce_err_prob_weight_length", f"nn.CrossEntropyLoss(weight={w3})", x, torch.rand(3, 5)),
        ("ce_err_prob_weight_beats_smoothing", f"nn.CrossEntropyLoss(weight={w3}, label_smoothing=2.0)", x,
         torch.rand(3, 5)),
        ("ce_err_prob_smoothing", "nn.CrossEntropyLoss(label_smoothing=1.5)", x, torch.rand(3, 5)),
        ("ce_err_batch_mismatch", "nn.CrossEntropyLoss()", torch.randn(4, 5), t),
        ("ce_err_batch_mismatch_float", "nn.CrossEntropyLoss()", torch.randn(4, 5), t.float()),
        ("ce_err_batch_mismatch_2d_target", "nn.CrossEntropyLoss()", x, torch.zeros(4, 2, dtype=torch.int64)),
        ("ce_err_batch_mismatch_0d_target", "nn.CrossEntropyLoss()", x, torch.tensor(1)),
        ("ce_err_batch_mismatch_ncl", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3),
         torch.zeros(3, 3, dtype=torch.int64)),
        ("ce_err_batch_mismatch_nchw", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3),
         torch.zeros(3, 3, 3, dtype=torch.int64)),
        ("ce_err_batch_mismatch_nchw_0d", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3), torch.tensor(1)),
        ("ce_err_multi_target", "nn.CrossEntropyLoss()", x, torch.zeros(3, 2, dtype=torch.int64)),
        ("ce_err_multi_target_3d", "nn.CrossEntropyLoss()", x, torch.zeros(3, 2, 2, dtype=torch.int64)),
        ("ce_err_ncl_spatial", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3), torch.zeros(2, 4, dtype=torch.int64)),
        ("ce_err_ncl_1d_target", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3), torch.zeros(2, dtype=torch.int64)),
        ("ce_err_ncl_3d_target", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3),
         torch.zeros(2, 3, 1, dtype=torch.int64)),
        ("ce_err_5d_spatial", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3, 2),
         torch.zeros(2, 3, 3, 3, dtype=torch.int64)),
        ("ce_err_5d_3d_target", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3, 2),
         torch.zeros(2, 3, 3, dtype=torch.int64)),
        ("ce_err_nchw_size_mismatch", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3),
         torch.zeros(2, 3, 4, dtype=torch.int64)),
        ("ce_err_nchw_2d_target", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3),
         torch.zeros(2, 3, dtype=torch.int64)),
        ("ce_err_nchw_4d_target", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3, 3),
         torch.zeros(2, 3, 3, 1, dtype=torch.int64)),
        ("ce_err_weight_length", f"nn.CrossEntropyLoss(weight={w3})", x, t),
        ("ce_err_weight_length_unbatched", f"nn.CrossEntropyLoss(weight={w3})", torch.randn(5), torch.tensor(1)),
        ("ce_err_weight_length_ncl", f"nn.CrossEntropyLoss(weight={w3})", torch.randn(2, 5, 3),
         torch.zeros(2, 3, dtype=torch.int64)),
        ("ce_err_weight_length_nchw", f"nn.CrossEntropyLoss(weight={w3})", torch.randn(2, 5, 3, 3),
         torch.zeros(2, 3, 3, dtype=torch.int64)),
        ("ce_err_weight_beats_nchw_size", f"nn.CrossEntropyLoss(weight={w3})", torch.randn(2, 5, 3, 3),
         torch.zeros(2, 3, 4, dtype=torch.int64)),
        ("ce_err_weight_beats_out_of_bounds", f"nn.CrossEntropyLoss(weight={w3})", x, long(1, 7, 0)),
        ("ce_err_dtype_beats_weight", f"nn.CrossEntropyLoss(weight={w3})", x, t.float()),
        ("ce_err_out_of_bounds", "nn.CrossEntropyLoss()", x, long(1, 5, 0)),
        ("ce_err_out_of_bounds_negative", "nn.CrossEntropyLoss()", x, long(1, -1, 0)),
        ("ce_err_out_of_bounds_none", "nn.CrossEntropyLoss(reduction='none')", x, long(1, 9, 0)),
        ("ce_err_out_of_bounds_smoothing", "nn.CrossEntropyLoss(label_smoothing=0.2)", x, long(1, 7, 0)),
        ("ce_err_out_of_bounds_nchw", "nn.CrossEntropyLoss()", torch.randn(2, 5, 2, 2),
         torch.tensor([[[0, 1], [2, 9]], [[0, 0], [0, 0]]])),
        ("ce_err_out_of_bounds_ncl", "nn.CrossEntropyLoss()", torch.randn(2, 5, 3), long(0, 1, 2, 3, 4, -2).reshape(2, 3)),
        ("ce_err_out_of_bounds_unbatched", "nn.CrossEntropyLoss()", torch.randn(5), torch.tensor(5)),
        ("ce_err_no_classes", "nn.CrossEntropyLoss(reduction='sum')", torch.zeros(3, 0), long(0, 0, 0)),
        ("ce_err_smoothing", "nn.CrossEntropyLoss(label_smoothing=1.5)", x, t),
        ("ce_err_smoothing_inf", "nn.CrossEntropyLoss(label_smoothing=float('inf'))", x, t),
        ("ce_err_smoothing_two", "nn.CrossEntropyLoss(label_smoothing=2)", x, t),
        ("ce_err_smoothing_digits", "nn.CrossEntropyLoss(label_smoothing=1.23456789)", x, t),
        ("ce_err_smoothing_beats_batch", "nn.CrossEntropyLoss(label_smoothing=2.0)", torch.randn(4, 5), t),
        ("ce_err_smoothing_weight_length", f"nn.CrossEntropyLoss(weight={w3}, label_smoothing=0.2)", x, t),
        ("ce_err_scalar_input_float_target", "nn.CrossEntropyLoss()", torch.tensor(1.0), torch.tensor(0.5)),
        ("ce_err_scalar_input_long_target", "nn.CrossEntropyLoss()", torch.tensor(1.0), torch.tensor(0)),
        ("ce_err_scalar_input_vector_target", "nn.CrossEntropyLoss()", torch.tensor(1.0), long(0)),
        ("ce_err_scalar_input_smoothing", "nn.CrossEntropyLoss(label_smoothing=0.1)", torch.tensor(1.0), long(0)),
        ("ce_err_scalar_input_ignore", "nn.CrossEntropyLoss(ignore_index=1)", torch.tensor(1.0), torch.tensor(0.5)),
        ("ce_err_unbatched_target_size", "nn.CrossEntropyLoss()", torch.randn(5), long(2, 1)),
        ("ce_err_unbatched_target_empty", "nn.CrossEntropyLoss()", torch.randn(5), long()),
        ("ce_err_unbatched_2d_target", "nn.CrossEntropyLoss()", torch.randn(5), torch.zeros(1, 1, dtype=torch.int64)),
        ("ce_err_unbatched_float_target", "nn.CrossEntropyLoss()", torch.randn(5), torch.rand(3)),
        ("ce_err_unbatched_size_one_smoothing", "nn.CrossEntropyLoss(label_smoothing=0.1)", torch.randn(5), long(2)),
        ("ce_err_empty_batch_0d_target", "nn.CrossEntropyLoss()", torch.zeros(0, 5), torch.tensor(1)),
        ("ce_err_empty_ncl_0d_target", "nn.CrossEntropyLoss()", torch.zeros(0, 5, 3), torch.tensor(1)),
        ("ce_err_empty_nchw_0d_target", "nn.CrossEntropyLoss()", torch.zeros(0, 5, 3, 3), torch.tensor(1)),
    ]
    for name, expr, inp, target in cases:
        rec.case(name, expr, inp, target=target)


def crosscheck_regressions(rec):
    """Cases the differential crosscheck found (each was wrong once)."""
    # float32 intermediates overflow in PyTorch: x - y, (x - y)^2, and their float32 sum.
    huge = torch.tensor([3e38, -3e38, 1e20, 2e19, 1.0, -1.0])
    opposite = torch.tensor([-3e38, 3e38, -1e20, 0.0, 1.0, 2e19])
    for loss in ("L1Loss", "MSELoss"):
        for reduction in ("none", "mean", "sum"):
            rec.case(f"{loss.lower()}_float32_overflow_{reduction}", f"nn.{loss}(reduction='{reduction}')", huge,
                     target=opposite, grad=True)
    rec.case("l1loss_float32_sum_overflow_mean", "nn.L1Loss()", torch.full((4,), 2e38), target=torch.zeros(4),
             grad=True)
    rec.case("mseloss_float32_sum_overflow_mean", "nn.MSELoss()", torch.full((4,), 1.5e19),
             target=torch.zeros(4), grad=True)
    # Cross entropy: the smoothing term and probability products overflow in float32.
    logits = torch.tensor([[-1393.0, 5568.0, 3e38, 12933.0], [1.0, 2.0, 3.0, 4.0]])
    for reduction in ("none", "mean", "sum"):
        rec.case(f"ce_smoothing_float32_overflow_{reduction}",
                 f"nn.CrossEntropyLoss(weight=torch.tensor([3.0, 1.0, 0.6, 0.5]), label_smoothing=0.25, "
                 f"reduction='{reduction}')", logits, target=long(1, 2), grad=True)
        rec.case(f"ce_probabilities_float32_overflow_{reduction}",
                 f"nn.CrossEntropyLoss(reduction='{reduction}')", logits,
                 target=torch.tensor([[2.0, 3.0, 0.0, 1.0], [0.25, 0.25, 0.25, 0.25]]), grad=True)
    # An ignored position still back-propagates 0 - exp(lp) * 0: NaN where its logits are NaN.
    nan_rows = torch.tensor([[NAN, 1.0, 2.0], [1.0, 2.0, 3.0], [INF, 0.0, 1.0]])
    for reduction in ("none", "mean", "sum"):
        rec.case(f"ce_ignored_nan_logits_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')", nan_rows,
                 target=long(-100, 1, -100), grad=True)
    rec.case("ce_ignored_nan_logits_smoothing", "nn.CrossEntropyLoss(ignore_index=0, label_smoothing=0.2)",
             nan_rows, target=long(0, 1, 0), grad=True)
    # A 3-D input with no classes: nll_loss2d compares the (N, C, 0, 0) and (N, 1, S) views.
    rec.case("ce_no_classes_3d", "nn.CrossEntropyLoss(label_smoothing=0.05)", torch.zeros(4, 0, 2),
             target=torch.zeros(4, 2, dtype=torch.int64))
    rec.case("ce_no_classes_5d", "nn.CrossEntropyLoss()", torch.zeros(2, 0, 1, 2, 3),
             target=torch.zeros(2, 1, 2, 3, dtype=torch.int64))
    # uint8 targets: the weighted smoothing mean gathers only unmasked targets (none: no error, 0/0).
    w = "torch.tensor([1.0, 2.0, 3.0])"
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
    rec.case("ce_byte_weight_smoothing_all_masked", f"nn.CrossEntropyLoss(weight={w}, label_smoothing=0.1, "
             "ignore_index=0)", x, target=byte(0, 0), grad=True)
    rec.case("ce_byte_weight_smoothing_wrapped_mask", f"nn.CrossEntropyLoss(weight={w}, label_smoothing=0.1, "
             "ignore_index=256)", x, target=byte(0, 0), grad=True)
    rec.case("ce_byte_weight_smoothing_gathers", f"nn.CrossEntropyLoss(weight={w}, label_smoothing=0.1, "
             "ignore_index=256)", x, target=byte(0, 1))
    rec.case("ce_byte_smoothing_wrapped_mask_unweighted", "nn.CrossEntropyLoss(label_smoothing=0.1, "
             "ignore_index=256)", x, target=byte(0, 2), grad=True)
    # PyTorch's type errors for arguments of the wrong type.
    x2 = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
    for tag, args in [("ignore_index_float", "ignore_index=1.5"), ("ignore_index_none", "ignore_index=None"),
                      ("label_smoothing_str", "label_smoothing='a'"), ("weight_float", "weight=1.0"),
                      ("weight_tuple", "weight=(1.0, 2.0, 3.0)")]:
        rec.case(f"ce_type_error_{tag}", f"nn.CrossEntropyLoss({args})", x2, target=long(0, 2))
    # Probability targets with no classes: -0.0 per position, NaN mean.
    for reduction in ("none", "mean", "sum"):
        rec.case(f"ce_probabilities_no_classes_{reduction}", f"nn.CrossEntropyLoss(reduction='{reduction}')",
                 torch.zeros(3, 0, 2), target=torch.zeros(3, 0, 2), grad=True)


def build():
    rec = Recorder("losses")
    regression(rec)
    cross_entropy_seed(rec)
    cross_entropy_classes(rec)
    cross_entropy_probabilities(rec)
    cross_entropy_shapes(rec)
    cross_entropy_bytes(rec)
    cross_entropy_errors(rec)
    crosscheck_regressions(rec)
    return rec
