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
    ok = True
    for area in options.areas:
        if options.seed is not None:
            torch.manual_seed(options.seed)
        module = importlib.import_module(f"Tests.crosscheck.{area}")
        checker = module.check(options.cases)
        ok = checker.report() and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
