"""Random differential cases for BatchNorm2d and Linear.

BatchNorm2d: train and eval, momentum (float, 0, 1, above 1, None), affine, bias, track_running_stats,
eps (int and float spellings, 0 and negative), several loaded buffers (running statistics,
num_batches_tracked), every buffer saved after the call, inputs of the wrong rank or channel count,
empty inputs and one value per channel. Linear: inputs of rank 0 to 4, bias or not, zero features,
wrong last dimensions, non-finite values. About a third of the cases are meant to fail.
"""

import warnings

import torch

from .spatial import SpatialChecker, call, generator, image


def batchnorm_case(c, r):
    features = r.randint(1, 4)
    keywords = []
    if r.random() < 0.4:
        keywords.append(("eps", r.choice([1e-5, 1e-3, 0.1, 1, 2.5, 1e-8])))
    if r.random() < 0.6:
        keywords.append(("momentum", r.choice([None, None, 0.1, 0.5, 0.0, 1.0, 1, 2.0, 0.3])))
    affine = r.random() < 0.7
    if not affine or r.random() < 0.2:
        keywords.append(("affine", affine))
    tracking = r.random() < 0.7
    if not tracking or r.random() < 0.2:
        keywords.append(("track_running_stats", tracking))
    has_bias = r.random() < 0.8
    if not has_bias or r.random() < 0.2:
        keywords.append(("bias", has_bias))
    mode = r.choice(["train", "eval"])
    batch = r.choice([1, 2, 2, 3, 4])
    channels = features
    height, width = r.choice([(1, 1), (1, 2), (2, 1), (2, 2), (3, 3), (2, 5), (4, 3), (6, 5)])
    if r.random() < 0.15:
        # (N, C, 1, 1): PyTorch takes its channels-last statistics path.
        batch, height, width = r.randint(2, 40), 1, 1
    positional = [features]
    bad_rank = False
    if r.random() < 0.3:
        kw = dict(keywords)
        what = r.choice(["eps0", "eps_neg", "channels", "rank", "single", "negative_features", "zero_features",
                         "empty"])
        if what == "eps0":
            kw["eps"] = r.choice([0, 0.0])
        elif what == "eps_neg":
            kw["eps"] = r.choice([-1, -1e-5, -0.5])
        elif what == "channels":
            channels = features + r.choice([1, 2]) if features == 1 else features + r.choice([-1, 1])
        elif what == "rank":
            bad_rank = True
        elif what == "single":
            batch, height, width = 1, 1, 1
        elif what == "negative_features":
            positional[0] = -1
        elif what == "zero_features":
            positional[0] = 0
            channels = 0
        elif what == "empty":
            batch = r.choice([0, batch])
            height = 0 if batch else height
        keywords = list(kw.items())
    expr = call("BatchNorm2d", positional, keywords)
    if bad_rank:
        x = torch.randn(r.choice([(channels,), (batch, channels), (channels, height, width),
                                  (1, channels, 2, height, width), ()]))
    else:
        x = image(r, batch, channels, height, width, kind=r.choice(["randn", "randn", "randn", "offset", "special", "mixed", "huge"]))
    keys = state_keys(expr)
    loaded = {}
    for key in keys:
        if r.random() < (0.9 if key in ("weight", "bias") else 0.5):
            loaded[key] = value_for(r, key, features)
    c.case("bn", expr, x, set=loaded or None, mode=mode, save=keys)


def state_keys(expr):
    try:
        return list(quietly(expr).state_dict().keys())
    except Exception:  # noqa: BLE001 -- the case records the error itself
        return []


def quietly(expr):
    """The module `expr` builds, without printing its construction warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(expr, {"nn": torch.nn, "torch": torch})


def value_for(r, key, features):
    if key == "weight":
        return torch.rand(features) + 0.5
    if key == "bias":
        return torch.randn(features)
    if key == "running_mean":
        return torch.randn(features)
    if key == "running_var":
        return torch.rand(features) * 2 + r.choice([0.0, 0.5])
    return torch.tensor(r.choice([0, 1, 3, 10]))


def linear_case(c, r):
    in_features = r.choice([0, 1, 2, 3, 5, 8])
    out_features = r.choice([0, 1, 2, 4, 7])
    keywords = []
    positional = [in_features, out_features]
    if r.random() < 0.4:
        if r.random() < 0.5:
            keywords.append(("bias", r.random() < 0.5))
        else:
            positional.append(r.random() < 0.5)
    rank = r.choice([1, 1, 2, 2, 3, 4])
    last = in_features
    if r.random() < 0.3:
        what = r.choice(["last", "rank0", "negative"])
        if what == "last":
            last = in_features + r.choice([1, 2]) if in_features < 2 else in_features + r.choice([-1, 1])
        elif what == "rank0":
            rank = 0
        else:
            positional[r.choice([0, 1])] = -r.randint(1, 3)
    shape = tuple(r.choice([0, 1, 2, 3]) if r.random() < 0.15 else r.randint(1, 3) for _ in range(rank - 1))
    shape = shape + (last,) if rank > 0 else ()
    x = torch.randn(shape) * r.choice([1, 1, 10])
    if r.random() < 0.15 and x.numel() > 0:
        x.view(-1)[r.randrange(x.numel())] = r.choice([float("nan"), float("inf"), float("-inf")])
    expr = call("Linear", positional, keywords)
    loaded = None
    try:
        sd = quietly(expr).state_dict()
        loaded = {k: (torch.rand(v.shape) * 2 - 1) for k, v in sd.items()}
    except Exception:  # noqa: BLE001
        pass
    c.case("linear", expr, x, set=loaded)


def check(n):
    c = SpatialChecker("normlinear")
    r = generator()
    for i in range(n):
        (batchnorm_case if i % 3 != 2 else linear_case)(c, r)
    return c
