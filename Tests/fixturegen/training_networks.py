"""Whole training runs recorded from PyTorch: five small networks, each trained for 20 steps.

Each case gives a network (an nn.Sequential expression), a loss, an optimiser, a data set and the
network's initial state_dict; PyTorch then trains exactly as `layerscope train --no-shuffle` does:

    loader = DataLoader(TensorDataset(x, y), batch_size=B, shuffle=False, drop_last=False)
    model.train()
    for each batch, epoch after epoch, until `steps` steps:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step()

and the case stores the loss of every step and the whole state_dict at the end (parameters and
buffers), for LayerKit's Trainer to match.
"""

import torch
from torch import nn  # noqa: F401  (used by eval'd expressions)

from fixturegen.common import encode, write_family

STEPS = 20


def _run(name, model_expr, loss_expr, optim_expr, x, y, batch_size, seed):
    torch.manual_seed(seed)
    model = eval(model_expr, {"nn": nn, "torch": torch})
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    loss_fn = eval(loss_expr, {"nn": nn, "torch": torch})
    # "torch.optim.SGD(lr=0.1, …)" with the parameters made explicit.
    call = optim_expr.replace("(", "(model.parameters(), ", 1)
    optimizer = eval(call, {"torch": torch, "model": model})
    model.train()
    losses = []
    step = 0
    while step < STEPS:
        for start in range(0, x.shape[0], batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            step += 1
            if step == STEPS:
                break
    return {
        "name": name, "model": model_expr, "loss": loss_expr, "optim": optim_expr,
        "batch_size": batch_size, "steps": STEPS,
        "input": encode(x), "target": encode(y),
        "initial": {k: encode(v) for k, v in initial.items()},
        "losses": losses,
        "final": {k: encode(v) for k, v in model.state_dict().items()},
    }


class _Networks:
    family = "training_networks"

    def __init__(self):
        g = torch.Generator().manual_seed(7)
        images = torch.randn(28, 1, 8, 8, generator=g)
        classes = torch.randint(0, 4, (28,), generator=g)
        colour = torch.randn(22, 2, 6, 6, generator=g)
        colour_classes = torch.randint(0, 3, (22,), generator=g)
        points = torch.randn(30, 3, generator=g)
        values = torch.randn(30, 2, generator=g)
        self.cases = [
            _run("conv_relu_pool_sgd_momentum",
                 "nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), "
                 "nn.Linear(4 * 4 * 4, 4))",
                 "nn.CrossEntropyLoss()", "torch.optim.SGD(lr=0.05, momentum=0.9, weight_decay=0.01)",
                 images, classes, 8, 1),
            _run("batchnorm_nesterov",
                 "nn.Sequential(nn.Conv2d(1, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.Flatten(), "
                 "nn.Linear(3 * 6 * 6, 4))",
                 "nn.CrossEntropyLoss()", "torch.optim.SGD(lr=0.02, momentum=0.8, nesterov=True)",
                 images, classes, 10, 2),
            _run("avgpool_gelu_adam",
                 "nn.Sequential(nn.Conv2d(2, 4, 3, stride=1, padding=1, padding_mode='reflect'), nn.GELU(), "
                 "nn.AvgPool2d(2, ceil_mode=True, count_include_pad=False), nn.Conv2d(4, 3, 2, groups=1), "
                 "nn.GELU(approximate='tanh'), nn.Flatten(), nn.Linear(3 * 2 * 2, 3))",
                 "nn.CrossEntropyLoss()", "torch.optim.Adam(lr=0.01)",
                 colour, colour_classes, 6, 3),
            _run("mlp_tanh_mse_amsgrad",
                 "nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 2))",
                 "nn.MSELoss()", "torch.optim.Adam(lr=0.02, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.001)",
                 points, values, 7, 4),
            _run("smoothing_weights_adamw",
                 "nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.LeakyReLU(0.1), "
                 "nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.Linear(16, 4))",
                 "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.5]), label_smoothing=0.1)",
                 "torch.optim.AdamW(lr=0.01, weight_decay=0.05)",
                 images, classes, 8, 5),
            _run("mlp_relu6_sgd_dampening_sum",
                 "nn.Sequential(nn.Linear(3, 8), nn.ReLU6(), nn.Linear(8, 2))",
                 "nn.L1Loss(reduction='sum')", "torch.optim.SGD(lr=0.001, momentum=0.5, dampening=0.3)",
                 points, values, 9, 6),
        ]

    def write(self, directory):
        return write_family(directory, self.family, self.cases)


def build():
    return _Networks()
