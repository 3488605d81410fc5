"""Runs the differential check areas: `python -m Tests.crosscheck.run [area ...] [--cases N] [--seed S]`."""

import argparse
import importlib
import sys

import torch

AREAS = ["spatial", "pointwise", "normlinear", "losses"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("areas", nargs="*", default=AREAS)
    parser.add_argument("--cases", type=int, default=200, help="random cases per area")
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else int(torch.randint(0, 2**31, ()).item())
    print(f"seed {seed}")
    ok = True
    for area in options.areas:
        torch.manual_seed(seed)
        module = importlib.import_module(f"Tests.crosscheck.{area}")
        checker = module.check(options.cases)
        ok = checker.report() and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
