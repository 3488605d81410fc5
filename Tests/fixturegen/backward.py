"""The backward pass of single layers, recorded from PyTorch autograd.

Every case runs one module forward on an input, then `out.backward(g)` with a recorded random
gradient g of the output's shape, and stores the gradient of the input and of every parameter
(`named_parameters()`), for LayerKit's `BackwardModule.backward` to match.

Family modules (backward_weights.py, backward_layers.py) describe their cases with
`BackwardRecorder.case`; each writes `Fixtures/<family>.json`, which BackwardFixtureTests reads.
"""

import warnings

import torch
from torch import nn  # noqa: F401  (used by eval'd expressions)

from fixturegen.common import _error, encode, write_family


class BackwardRecorder:
    """Collects the backward cases of one family and writes them to one JSON file."""

    def __init__(self, family, seed=0):
        self.family = family
        self.cases = []
        self.names = set()
        torch.manual_seed(seed)

    def case(self, name, expr, input, set=None, mode="train", grad_output=None, input_grad=True, note=None):
        """Runs `expr` forward on `input`, then backward with `grad_output` (random normal when None).

        name        -- unique within the family
        expr        -- a torch.nn constructor expression
        input       -- the float32 input
        set         -- {state_dict key: tensor} loaded before the forward pass
        mode        -- "train" or "eval" (the mode of the one forward pass)
        grad_output -- dL/d(output); None draws one from randn of the output's shape
        input_grad  -- the input requires a gradient (False: as the first layer of a network)
        """
        assert name not in self.names, name
        self.names.add(name)
        rec = {"name": name, "expr": expr, "mode": mode, "input": encode(input), "input_grad": input_grad}
        if set:
            rec["set"] = {k: encode(v) for k, v in set.items()}
        if note:
            rec["note"] = note
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = eval(expr, {"nn": nn, "torch": torch})
                if set:
                    with torch.no_grad():
                        sd = module.state_dict()
                        for k, v in set.items():
                            sd[k].copy_(v)
                module.train(mode == "train")
                x = input.clone().requires_grad_(input_grad)
                out = module(x)
                if isinstance(out, tuple):
                    out = out[0]
                g = torch.randn(out.shape) if grad_output is None else grad_output
                rec["grad_output"] = encode(g)
                out.backward(g)
                expect = {"output": encode(out)}
                if input_grad:
                    expect["grad_input"] = encode(x.grad)
                expect["grads"] = {k: encode(p.grad if p.grad is not None else torch.zeros_like(p))
                                   for k, p in module.named_parameters()}
        except Exception as e:  # noqa: BLE001 -- a PyTorch error is recorded as the expectation
            rec["error"] = _error(e)
        else:
            rec["expect"] = expect
        self.cases.append(rec)
        return rec

    def write(self, directory):
        return write_family(directory, self.family, self.cases)
