"""PyTorch reference cases for the element-wise layers: activations, Softmax and Dropout.

Activations run over a sweep that crosses every kink (0, and 6 for ReLU6) with signed zeros, large
magnitudes, NaN and +/-inf, always with grad=True. Softmax covers explicit, negative and implicit
(None, with its warning) dims on ranks 0-4, max subtraction, -inf/+inf/NaN slices and empty inputs.
Dropout's random masks cannot be reproduced outside PyTorch, so only its deterministic cases are
recorded: evaluation mode, p=0, p=1 and empty inputs (all identity or x*0), plus the errors.
"""

import torch

from fixturegen.common import Recorder

NAN = float("nan")
INF = float("inf")

# Every kink, both zeros, saturation regions, huge magnitudes and the non-finite values.
SWEEP = [-1e30, -100.0, -90.0, -20.0, -6.0, -3.0, -1.0, -0.75, -0.5, -1e-3, -0.0, 0.0, 1e-3, 0.5,
         1.0, 2.0, 3.0, 5.9999, 6.0, 6.0001, 20.0, 100.0, 1e30, NAN, INF, -INF]


def sweep():
    return torch.tensor(SWEEP, dtype=torch.float32)


def activations(rec):
    modules = [
        ("sigmoid", "nn.Sigmoid()"),
        ("tanh", "nn.Tanh()"),
        ("relu", "nn.ReLU()"),
        ("leaky_relu", "nn.LeakyReLU()"),
        ("leaky_relu_0.2", "nn.LeakyReLU(0.2)"),
        ("leaky_relu_negative_slope", "nn.LeakyReLU(negative_slope=-0.5)"),
        ("leaky_relu_steep", "nn.LeakyReLU(1.5)"),
        ("leaky_relu_zero_slope", "nn.LeakyReLU(0.0)"),
        ("relu6", "nn.ReLU6()"),
        ("gelu", "nn.GELU()"),
        ("gelu_none", "nn.GELU(approximate='none')"),
        ("gelu_tanh", "nn.GELU(approximate='tanh')"),
        ("selu", "nn.SELU()"),
    ]
    torch.manual_seed(1)
    images = torch.randn(2, 3, 4, 5) * 3
    unbatched = torch.randn(3, 4, 4) * 4
    dense = torch.linspace(-8, 8, 33)
    for name, expr in modules:
        rec.case(f"{name}_sweep", expr, sweep(), grad=True)
        rec.case(f"{name}_dense", expr, dense, grad=True)
        rec.case(f"{name}_images", expr, images, grad=True)
        rec.case(f"{name}_unbatched", expr, unbatched, grad=True, mode="eval")
        rec.case(f"{name}_scalar", expr, torch.tensor(-0.5), grad=True)
        rec.case(f"{name}_empty", expr, torch.zeros(0, 3), grad=True)

    # inplace=True changes no value (a leaf requiring grad cannot be modified in place, so no grad).
    for name, expr in [("relu", "nn.ReLU(inplace=True)"), ("leaky_relu", "nn.LeakyReLU(0.1, inplace=True)"),
                       ("relu6", "nn.ReLU6(True)"), ("selu", "nn.SELU(inplace=True)")]:
        rec.case(f"{name}_inplace", expr, sweep())
        rec.case(f"{name}_inplace_grad", expr, sweep(), grad=True)

    # Kinks on their own, so a mismatch there is easy to read.
    kinks = torch.tensor([-0.0, 0.0, 6.0, -1e-7, 1e-7, 5.9999995, 6.0000005])
    for name, expr in [("relu", "nn.ReLU()"), ("leaky_relu", "nn.LeakyReLU(0.1)"), ("relu6", "nn.ReLU6()"),
                       ("gelu", "nn.GELU()"), ("gelu_tanh", "nn.GELU('tanh')"), ("selu", "nn.SELU()")]:
        rec.case(f"{name}_kinks", expr, kinks, grad=True)

    # Saturation in float32: sigmoid(-90) is exactly 0, sigmoid(100) exactly 1.
    rec.case("sigmoid_saturation", "nn.Sigmoid()",
             torch.tensor([-110.0, -104.0, -100.0, -90.0, -88.0, -80.0, 15.0, 17.0, 20.0, 100.0]), grad=True)
    rec.case("tanh_saturation", "nn.Tanh()", torch.tensor([-50.0, -10.0, -9.0, 9.0, 10.0, 50.0]), grad=True)
    # GELU: the two forms differ by < 5e-4; the curve's minimum is near -0.75.
    near_min = torch.tensor([-1.0, -0.8, -0.7517915, -0.7, -0.6])
    rec.case("gelu_minimum", "nn.GELU()", near_min, grad=True)
    rec.case("gelu_tanh_minimum", "nn.GELU(approximate='tanh')", near_min, grad=True)
    rec.case("gelu_tanh_overflow", "nn.GELU(approximate='tanh')",
             torch.tensor([1e12, 1e13, 1e20, -1e13, -1e20, 3e38, -3e38]), grad=True)
    rec.case("gelu_large", "nn.GELU()", torch.tensor([1e10, 1e20, 1.7e38, 1.8e38, 3e38, -3e38]), grad=True)

    # approximate is only checked at forward.
    rec.case("gelu_bad_approximate", "nn.GELU(approximate='foo')", torch.ones(3))
    rec.case("gelu_bad_approximate_case", "nn.GELU('Tanh')", torch.ones(2, 2))


def crosscheck_regressions(rec):
    """Cases the differential crosscheck found (each was wrong once)."""
    # In-place dropout that is the identity can be differentiated. (Where PyTorch refuses an in-place
    # layer on a leaf that requires grad, the error case records no grad flag for the replay to
    # ask for a gradient, so ActivationTests and DropoutTests cover it.)
    for cls in ("Dropout", "Dropout2d"):
        low = cls.lower()
        rec.case(f"{low}_inplace_grad_eval", f"nn.{cls}(0.5, inplace=True)", torch.ones(2, 3), mode="eval",
                 grad=True)
        rec.case(f"{low}_inplace_grad_p0", f"nn.{cls}(0.0, inplace=True)", torch.ones(2, 3), grad=True)
        rec.case(f"{low}_inplace_grad_empty", f"nn.{cls}(0.5, inplace=True)", torch.zeros(0, 3), grad=True)
    # NaN in PyTorch's vectorised backward loop (ReLU6: 16 elements a step, SELU: 32) and in its tail.
    x = torch.linspace(-3, 9, 70)
    x[[0, 5, 31, 40, 63, 64, 69]] = NAN
    rec.case("relu6_nan_vectorised_and_tail", "nn.ReLU6()", x, grad=True)
    rec.case("selu_nan_vectorised_and_tail", "nn.SELU()", x, grad=True)
    rec.case("relu6_nan_images", "nn.ReLU6()", x[:64].reshape(2, 2, 4, 4), grad=True)
    # GELU of a one-element tensor: PyTorch's scalar path halves first.
    for v, tag in [(INF, "inf"), (3e38, "3e38"), (1.8e38, "1.8e38"), (-INF, "minus_inf"), (NAN, "nan")]:
        rec.case(f"gelu_one_element_{tag}", "nn.GELU()", torch.tensor([v]), grad=True)
    rec.case("gelu_scalar_inf", "nn.GELU()", torch.tensor(INF), grad=True)
    # PyTorch's type errors for non-numeric arguments.
    rec.case("gelu_approximate_none", "nn.GELU(approximate=None)", torch.ones(2))
    rec.case("leaky_relu_string_slope", "nn.LeakyReLU('a')", torch.ones(2))
    rec.case("dropout_string_p", "nn.Dropout('a')", torch.ones(2))
    rec.case("dropout2d_none_p", "nn.Dropout2d(None)", torch.ones(2, 2))
    # Softmax of empty tensors with a long dimension (nothing to visit).
    rec.case("softmax_empty_wide", "nn.Softmax(dim=0)", torch.zeros(0, 1000), grad=True)


def softmax(rec):
    torch.manual_seed(2)
    shapes = {1: (5,), 2: (2, 3), 3: (2, 3, 4), 4: (2, 3, 2, 2)}
    for rank, shape in shapes.items():
        x = torch.randn(*shape) * 2
        rec.case(f"softmax_none_rank{rank}", "nn.Softmax()", x, grad=True)
        for dim in range(-rank, rank):
            rec.case(f"softmax_rank{rank}_dim{dim}", f"nn.Softmax(dim={dim})", x, grad=True)
        rec.case(f"softmax_rank{rank}_dim_too_big", f"nn.Softmax({rank})", x)
        rec.case(f"softmax_rank{rank}_dim_too_small", f"nn.Softmax(dim={-rank - 1})", x)
    rec.case("softmax_none_rank0", "nn.Softmax()", torch.tensor(3.0), grad=True)
    rec.case("softmax_rank0_dim0", "nn.Softmax(0)", torch.tensor(3.0), grad=True)
    rec.case("softmax_rank0_dim-1", "nn.Softmax(-1)", torch.tensor(-2.0), grad=True)
    rec.case("softmax_rank0_dim1", "nn.Softmax(1)", torch.tensor(3.0))
    rec.case("softmax_rank0_dim-2", "nn.Softmax(-2)", torch.tensor(3.0))
    rec.case("softmax_rank5_none", "nn.Softmax()", torch.randn(1, 2, 1, 2, 2), grad=True)
    rec.case("softmax_rank5_dim4", "nn.Softmax(4)", torch.randn(1, 2, 1, 2, 2), grad=True)
    rec.case("softmax_far_dim", "nn.Softmax(dim=5)", torch.randn(2, 3))

    # The example of the seed summary: each row sums to 1.
    rec.case("softmax_rows", "nn.Softmax(dim=1)", torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]), grad=True)
    # Max subtraction.
    rec.case("softmax_large", "nn.Softmax(dim=0)", torch.tensor([1000.0, 1001.0, 1002.0]), grad=True)
    rec.case("softmax_large_negative", "nn.Softmax(dim=-1)",
             torch.tensor([[-1000.0, -1001.0, -1002.0], [1e30, 0.0, -1e30]]), grad=True)
    rec.case("softmax_constant", "nn.Softmax(dim=1)", torch.full((2, 4), 7.0), grad=True)
    # Non-finite slices: all -inf -> NaN, any +inf -> NaN, NaN -> NaN, a lone -inf -> 0.
    special = torch.tensor([[-INF, -INF, -INF], [0.0, -INF, 1.0], [1.0, INF, 0.0], [NAN, 1.0, 2.0],
                            [INF, INF, 0.0], [-INF, 5.0, -INF]])
    rec.case("softmax_nonfinite_rows", "nn.Softmax(dim=1)", special, grad=True)
    rec.case("softmax_nonfinite_columns", "nn.Softmax(dim=0)", special, grad=True)
    rec.case("softmax_scalar_inf", "nn.Softmax(0)", torch.tensor(INF))
    rec.case("softmax_scalar_nan", "nn.Softmax(0)", torch.tensor(NAN))
    # Empty inputs.
    rec.case("softmax_empty_dim_slices", "nn.Softmax(dim=1)", torch.zeros(2, 0), grad=True)
    rec.case("softmax_empty_batch", "nn.Softmax(dim=1)", torch.zeros(0, 3), grad=True)
    rec.case("softmax_empty_vector", "nn.Softmax(dim=0)", torch.zeros(0), grad=True)
    rec.case("softmax_empty_bad_dim", "nn.Softmax(dim=2)", torch.zeros(0))
    # dim=None on a 3-D batch normalises over dim 0: compare with the explicit dims.
    x = torch.randn(3, 2, 4)
    rec.case("softmax_none_3d_is_dim0", "nn.Softmax()", x, grad=True)
    rec.case("softmax_3d_dim1", "nn.Softmax(dim=1)", x, grad=True)


def dropout(rec):
    torch.manual_seed(3)
    images = torch.randn(2, 3, 4, 4)
    special = torch.tensor([[1.5, NAN, INF, -2.0], [-INF, 0.0, -0.0, 3.0]])
    for cls in ("Dropout", "Dropout2d"):
        low = cls.lower()
        # Evaluation mode: the identity (with Dropout2d's rank warnings still emitted).
        rec.case(f"{low}_eval", f"nn.{cls}()", images, mode="eval", grad=True)
        rec.case(f"{low}_eval_p0.2", f"nn.{cls}(p=0.2)", images, mode="eval", grad=True)
        rec.case(f"{low}_eval_p1", f"nn.{cls}(1.0)", special, mode="eval", grad=True)
        rec.case(f"{low}_eval_inplace", f"nn.{cls}(0.5, inplace=True)", images, mode="eval")
        rec.case(f"{low}_eval_unbatched", f"nn.{cls}(0.5)", images[0], mode="eval", grad=True)
        rec.case(f"{low}_eval_rank2", f"nn.{cls}(0.5)", special, mode="eval", grad=True)
        rec.case(f"{low}_eval_rank1", f"nn.{cls}(0.3)", torch.randn(5), mode="eval", grad=True)
        rec.case(f"{low}_eval_rank0", f"nn.{cls}(0.3)", torch.tensor(2.5), mode="eval")
        rec.case(f"{low}_eval_rank5", f"nn.{cls}(0.3)", torch.randn(1, 2, 1, 2, 2), mode="eval")
        # Training with p = 0: the identity.
        rec.case(f"{low}_train_p0", f"nn.{cls}(p=0.0)", images, grad=True)
        rec.case(f"{low}_train_p0_int", f"nn.{cls}(0)", special, grad=True)
        rec.case(f"{low}_train_p0_rank1", f"nn.{cls}(0.0)", torch.randn(4), grad=True)
        # Training with p = 1: x * 0, so NaN and +/-inf become NaN, and -x gives -0.0.
        rec.case(f"{low}_train_p1", f"nn.{cls}(p=1.0)", special, grad=True)
        rec.case(f"{low}_train_p1_images", f"nn.{cls}(1)", images, grad=True)
        rec.case(f"{low}_train_p1_rank1", f"nn.{cls}(1.0)", torch.tensor([1.0, -2.0, NAN]), grad=True)
        rec.case(f"{low}_train_p1_unbatched", f"nn.{cls}(1.0)", images[0], grad=True)
        # An empty input is returned as it is, even in training.
        rec.case(f"{low}_train_empty", f"nn.{cls}(0.5)", torch.zeros(0, 3, 2, 2))
        rec.case(f"{low}_train_empty_rank1", f"nn.{cls}(0.5)", torch.zeros(0))
        # Construction checks p in [0, 1] (ValueError); a NaN p fails at forward, even in eval.
        rec.case(f"{low}_p_too_big", f"nn.{cls}(1.1)", images)
        rec.case(f"{low}_p_negative", f"nn.{cls}(p=-0.1)", images)
        rec.case(f"{low}_p_float_two", f"nn.{cls}(2.0)", images)
        rec.case(f"{low}_p_inf", f"nn.{cls}(p=float('inf'))", images)
        rec.case(f"{low}_p_nan_eval", f"nn.{cls}(float('nan'))", images, mode="eval")
        rec.case(f"{low}_p_nan_train", f"nn.{cls}(p=float('nan'))", images)

    # Feature dropout needs two dimensions when a mask is drawn.
    rec.case("dropout2d_train_rank1", "nn.Dropout2d(0.5)", torch.randn(4))
    rec.case("dropout2d_train_rank0", "nn.Dropout2d()", torch.tensor(1.0))
    rec.case("dropout2d_train_p1_rank0", "nn.Dropout2d(1.0)", torch.tensor(NAN), grad=True)


def build():
    rec = Recorder("pointwise")
    activations(rec)
    softmax(rec)
    dropout(rec)
    crosscheck_regressions(rec)
    return rec
