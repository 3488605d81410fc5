"""torch.optim's SGD, Adam and AdamW recorded step by step, and their argument errors.

Each numeric case gives an optimiser expression (its parameters implicit, as `layerscope train`
writes it), two or three parameters of different shapes and five gradients for each; PyTorch then
runs, for every step,

    for p, g in zip(params, grads[step]): p.grad = g
    optimizer.step()

and the case stores every parameter after every step. The optimiser sees the parameters in the
order given; its per-parameter state (momentum buffers, moments, step counts) carries over from step
to step. An error case stores the exception class and the first line of its message, raised by the
constructor or, where PyTorch checks only then, by the first step.

How an expression is evaluated, as LayerKit reads it: the parameters are implicit, so
`torch.optim.SGD(lr=0.1)` runs as `torch.optim.SGD(params, lr=0.1)`; an expression that already
names them (`model.parameters()`, `params`) runs as written, and so does one whose first argument
is positional — in Python that argument *is* the parameters (`SGD(0.1)` is an error there, and here).
"""

import re

import torch

from fixturegen.common import encode, write_family

STEPS = 5


class _Model(torch.nn.Module):
    """A stand-in whose .parameters() are the case's parameters, for expressions that name them."""

    def __init__(self, params):
        super().__init__()
        self.params = torch.nn.ParameterList(params)


def _error(e):
    text = str(e).strip()
    return {"kind": type(e).__name__, "message": text.splitlines()[0] if text else ""}


def _call_text(expr):
    """The Python to evaluate for `expr`: the parameters inserted when the expression leaves them out."""
    open_paren = expr.index("(")
    arguments = expr[open_paren + 1:]
    names_params = re.match(r"\s*(params\b|[A-Za-z_][\w.]*\.parameters\(\))", arguments)
    leaves_them_out = re.match(r"\s*(\)|[A-Za-z_]\w*\s*=)", arguments) and not names_params
    if leaves_them_out:
        return expr[:open_paren + 1] + "params, " + arguments
    return expr


def _namespace(params):
    return {"torch": torch, "optim": torch.optim, "SGD": torch.optim.SGD, "Adam": torch.optim.Adam,
            "AdamW": torch.optim.AdamW, "params": params, "model": _Model(params), "net": _Model(params)}


class _Optimizers:
    family = "training_optimizers"

    def __init__(self):
        self.cases = []
        self.names = set()
        self.generator = torch.Generator().manual_seed(2024)

    def _randn(self, shape, scale=1.0):
        return torch.randn(*shape, generator=self.generator) * scale

    def run(self, name, expr, shapes=((3, 4), (4,)), grad_scale=1.0, zero_some=False, steps=STEPS):
        """One numeric case: `steps` optimiser steps over parameters of `shapes`."""
        assert name not in self.names, name
        self.names.add(name)
        initial = [self._randn(s) for s in shapes]
        grads = []
        for _ in range(steps):
            step = [self._randn(s, grad_scale) for s in shapes]
            if zero_some:
                # Some elements never get a gradient: Adam's second moment stays 0 there.
                step[0].view(-1)[:3] = 0
            grads.append(step)
        params = [torch.nn.Parameter(t.clone()) for t in initial]
        case = {"name": name, "expr": expr, "params": [encode(t) for t in initial],
                "grads": [[encode(g) for g in step] for step in grads]}
        try:
            optimizer = eval(_call_text(expr), _namespace(params))
            after = []
            for step in grads:
                for p, g in zip(params, step):
                    p.grad = g.clone()
                optimizer.step()
                after.append([encode(p) for p in params])
        except Exception as e:  # noqa: BLE001 -- every PyTorch error becomes a fixture
            case["error"] = _error(e)
        else:
            case["expect"] = after
        self.cases.append(case)

    def write(self, directory):
        return write_family(directory, self.family, self.cases)

    def error(self, name, expr):
        """A case PyTorch rejects (at construction or at the first step)."""
        self.run(name, expr, shapes=((2,),), steps=1)
        assert "error" in self.cases[-1], (name, expr)


def build():
    r = _Optimizers()

    # SGD
    r.run("sgd_plain", "torch.optim.SGD(lr=0.1)")
    r.run("sgd_default_lr", "torch.optim.SGD()", shapes=((5,), (2, 3)))
    r.run("sgd_momentum", "torch.optim.SGD(lr=0.05, momentum=0.9)", shapes=((2, 3), (3,), (2, 1, 2, 2)))
    r.run("sgd_dampening", "torch.optim.SGD(lr=0.1, momentum=0.8, dampening=0.5)")
    r.run("sgd_weight_decay", "torch.optim.SGD(lr=0.1, weight_decay=0.01)")
    r.run("sgd_momentum_weight_decay", "torch.optim.SGD(lr=0.02, momentum=0.9, weight_decay=0.1)",
          shapes=((4, 2), (2,), (1, 1, 3, 3)))
    r.run("sgd_nesterov", "torch.optim.SGD(lr=0.1, momentum=0.9, nesterov=True)")
    r.run("sgd_nesterov_weight_decay_maximize",
          "torch.optim.SGD(lr=0.03, momentum=0.5, weight_decay=0.2, nesterov=True, maximize=True)")
    r.run("sgd_maximize", "torch.optim.SGD(lr=0.1, maximize=True)")
    r.run("sgd_maximize_momentum_dampening", "torch.optim.SGD(lr=0.1, momentum=0.7, dampening=0.3, maximize=True)")
    r.run("sgd_negative_dampening", "torch.optim.SGD(lr=0.01, momentum=0.9, dampening=-0.5)")
    r.run("sgd_positional", "torch.optim.SGD(model.parameters(), 0.2, 0.6)", shapes=((3,), (2, 2)))
    r.run("sgd_params_name", "optim.SGD(params, lr=0.3, momentum=1)", shapes=((3,), (2, 2)))
    r.run("sgd_bare_name_int_lr", "SGD(lr=1, momentum=0.5)", shapes=((3,), (2, 2)), grad_scale=0.01)
    r.run("sgd_large_gradients", "torch.optim.SGD(lr=0.001, momentum=0.99)", grad_scale=1000.0)
    r.run("sgd_nan_lr", "torch.optim.SGD(lr=float('nan'))", shapes=((2,), (1, 2)), steps=2)
    r.run("sgd_foreach", "torch.optim.SGD(lr=0.1, momentum=0.9, foreach=False)")

    # Adam
    r.run("adam_plain", "torch.optim.Adam(lr=0.01)", shapes=((3, 4), (4,), (2, 1, 3, 3)))
    r.run("adam_default", "torch.optim.Adam()")
    r.run("adam_weight_decay", "torch.optim.Adam(lr=0.01, weight_decay=0.1)")
    r.run("adam_amsgrad", "torch.optim.Adam(lr=0.05, amsgrad=True)", shapes=((3, 4), (4,), (2, 2)))
    r.run("adam_maximize", "torch.optim.Adam(lr=0.01, maximize=True)")
    r.run("adam_betas_eps", "torch.optim.Adam(lr=0.002, betas=(0.8, 0.99), eps=1e-06)")
    r.run("adam_small_beta1", "optim.Adam(lr=0.1, betas=(0.3, 0.5), eps=0.001)")
    r.run("adam_zero_gradients", "torch.optim.Adam(lr=0.01, eps=1e-08)", zero_some=True)
    r.run("adam_tiny_gradients", "torch.optim.Adam(lr=0.01)", grad_scale=1e-6)
    r.run("adam_everything", "torch.optim.Adam(lr=0.03, betas=(0.85, 0.95), eps=1e-05, weight_decay=0.05, "
          "amsgrad=True, maximize=True)", shapes=((2, 3), (3,), (1, 2, 2, 2)))
    r.run("adam_decoupled", "torch.optim.Adam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)")
    r.run("adam_positional", "Adam(model.parameters(), 0.02, (0.9, 0.9))", shapes=((3,), (2, 2)))
    r.run("adam_betas_list", "torch.optim.Adam(lr=0.01, betas=[0.5, 0.75])", shapes=((3,), (2, 2)))
    r.run("adam_three_betas", "torch.optim.Adam(lr=0.01, betas=(0.9, 0.99, 0.5))", shapes=((3,), (2, 2)))

    # AdamW
    r.run("adamw_default", "torch.optim.AdamW()")
    r.run("adamw_lr", "torch.optim.AdamW(lr=0.01)", shapes=((3, 4), (4,), (2, 1, 3, 3)))
    r.run("adamw_amsgrad", "torch.optim.AdamW(lr=0.02, weight_decay=0.1, amsgrad=True)")
    r.run("adamw_no_decay_maximize", "AdamW(lr=0.01, weight_decay=0, maximize=True)")
    r.run("adamw_strong_decay", "torch.optim.AdamW(net.parameters(), lr=0.05, betas=(0.5, 0.9), weight_decay=1.5)",
          shapes=((3,), (2, 2)))

    # Errors: SGD
    r.error("sgd_negative_lr", "torch.optim.SGD(lr=-0.1)")
    r.error("sgd_negative_int_lr", "torch.optim.SGD(lr=-1)")
    r.error("sgd_tiny_negative_lr", "torch.optim.SGD(lr=-1e-20)")
    r.error("sgd_string_lr", "torch.optim.SGD(lr='fast')")
    r.error("sgd_none_lr", "torch.optim.SGD(lr=None)")
    r.error("sgd_negative_momentum", "torch.optim.SGD(lr=0.1, momentum=-0.5)")
    r.error("sgd_string_momentum", "torch.optim.SGD(lr=0.1, momentum='a')")
    r.error("sgd_negative_weight_decay", "torch.optim.SGD(lr=0.1, weight_decay=-1e-05)")
    r.error("sgd_nesterov_no_momentum", "torch.optim.SGD(lr=0.1, nesterov=True)")
    r.error("sgd_nesterov_dampening", "torch.optim.SGD(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)")
    r.error("sgd_unknown_keyword", "torch.optim.SGD(lr=0.1, foo=1)")
    r.error("sgd_betas", "torch.optim.SGD(lr=0.1, betas=(0.9, 0.999))")
    r.error("sgd_too_many_positional", "torch.optim.SGD(model.parameters(), 0.1, 0.9, 0, 0, False, 7)")
    r.error("sgd_number_as_params", "torch.optim.SGD(0.1)")
    r.error("sgd_fused_foreach", "torch.optim.SGD(lr=0.1, fused=True, foreach=True)")
    r.error("sgd_fused_differentiable", "torch.optim.SGD(lr=0.1, fused=True, differentiable=True)")
    r.error("sgd_repeated_params", "torch.optim.SGD(model.parameters(), params=model.parameters())")

    # Errors: Adam
    r.error("adam_negative_lr", "torch.optim.Adam(lr=-0.001)")
    r.error("adam_nan_lr", "torch.optim.Adam(lr=float('nan'))")
    r.error("adam_string_lr", "torch.optim.Adam(lr='a')")
    r.error("adam_negative_eps", "torch.optim.Adam(eps=-1e-08)")
    r.error("adam_none_eps", "torch.optim.Adam(eps=None)")
    r.error("adam_beta1_one", "torch.optim.Adam(betas=(1.0, 0.999))")
    r.error("adam_beta2_negative", "torch.optim.Adam(betas=(0.9, -0.5))")
    r.error("adam_beta2_int_one", "torch.optim.Adam(betas=(0.9, 1))")
    r.error("adam_beta1_true", "torch.optim.Adam(betas=(True, 0.9))")
    r.error("adam_int_beta", "torch.optim.Adam(betas=(0, 0.999))")
    r.error("adam_scalar_betas", "torch.optim.Adam(betas=0.9)")
    r.error("adam_none_betas", "torch.optim.Adam(betas=None)")
    r.error("adam_one_beta", "torch.optim.Adam(betas=(0.9,))")
    r.error("adam_string_beta", "torch.optim.Adam(betas=('a', 0.9))")
    r.error("adam_negative_weight_decay", "torch.optim.Adam(weight_decay=-1)")
    r.error("adam_string_weight_decay", "torch.optim.Adam(weight_decay='x')")
    r.error("adam_too_many_positional", "torch.optim.Adam(params, 0.1, (0.9, 0.99), 1e-08, 0, False, 3)")
    r.error("adam_unknown_keyword", "torch.optim.Adam(lr=0.01, momentum=0.9)")
    r.error("adam_capturable", "torch.optim.Adam(lr=0.01, capturable=True)")
    r.error("adam_fused_foreach", "torch.optim.Adam(fused=True, foreach=True)")

    # Errors: AdamW
    r.error("adamw_decoupled_keyword", "torch.optim.AdamW(decoupled_weight_decay=True)")
    r.error("adamw_negative_weight_decay", "torch.optim.AdamW(weight_decay=-0.01)")
    r.error("adamw_beta1_negative", "torch.optim.AdamW(lr=0.1, betas=(-0.1, 0.999))")
    r.error("adamw_unknown_keyword", "torch.optim.AdamW(lr=0.1, nesterov=True)")
    return r

