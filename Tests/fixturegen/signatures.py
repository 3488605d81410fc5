"""PyTorch's constructor signatures: every parameter's name, default and kind, for every layer of the catalog.

Checks that LayerKit's catalog lists exactly PyTorch's parameters, in PyTorch's order.
"""

import inspect

from torch import nn

from fixturegen.common import write_family

LAYERS = ["Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveMaxPool2d", "AdaptiveAvgPool2d", "Sigmoid",
          "Tanh", "ReLU", "LeakyReLU", "ReLU6", "GELU", "SELU", "Softmax", "BatchNorm2d", "Linear",
          "Dropout", "Dropout2d", "L1Loss", "MSELoss", "CrossEntropyLoss", "Flatten"]


class _Signatures:
    family = "signatures"

    def __init__(self):
        self.cases = []
        for name in LAYERS:
            params = []
            for p in list(inspect.signature(getattr(nn, name).__init__).parameters.values())[1:]:
                if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                    continue
                params.append({
                    "name": p.name,
                    "default": None if p.default is p.empty else repr(p.default),
                    "keyword_only": p.kind == p.KEYWORD_ONLY,
                })
            self.cases.append({"name": name, "params": params})

    def write(self, directory):
        return write_family(directory, self.family, self.cases)


def build():
    return _Signatures()
