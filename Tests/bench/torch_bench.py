"""Times the same torch.nn forward passes in PyTorch and in `layerscope bench`, side by side.

Run by hand with PyTorch installed (never by `swift test` or CI):

    python Tests/bench/torch_bench.py --layerscope .build-release/release/layerscope
    LAYERSCOPE_BIN=path/to/layerscope python Tests/bench/torch_bench.py --repeat 50 --threads 2
    python Tests/bench/torch_bench.py --case "nn.Conv2d(3, 8, 3)" 1,3,64,64
    python Tests/bench/torch_bench.py --train            # one training step of the digits CNN

With --train MODEL (default: the digits CNN) one whole training step is timed instead: zero_grad,
forward in train mode, CrossEntropyLoss against random classes, backward and the optimiser's step
(--optim, default Adam(lr=0.01)), on a batch of --batch-size standard normal inputs of
--example-shape, against `layerscope bench --train` with the same settings.

Both sides run with the same thread count (`torch.set_num_threads`, `layerscope bench --threads`),
the same warm-up and repeat counts, the module in training mode (PyTorch's initial mode) and a
standard normal input; the table gives each side's median and fastest run in milliseconds and the
ratio of the medians (LayerScope / PyTorch). `--json` prints the rows as one JSON list instead.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

# The seed examples at the shapes their source shows them with (see docs/performance.md).
DEFAULT_CASES = [
    ("nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))", (20, 16, 50, 100)),
    ("nn.MaxPool2d(3, stride=2)", (20, 16, 50, 32)),
    ("nn.MaxPool2d((3, 2), stride=(2, 1))", (20, 16, 50, 32)),
    ("nn.AvgPool2d(3, stride=2)", (20, 16, 50, 32)),
    ("nn.AvgPool2d((3, 2), stride=(2, 1))", (20, 16, 50, 32)),
    ("nn.AdaptiveMaxPool2d((5, 7))", (1, 64, 8, 9)),
    ("nn.AdaptiveAvgPool2d((5, 7))", (1, 64, 8, 9)),
    ("nn.BatchNorm2d(100)", (20, 100, 35, 45)),
    ("nn.Linear(20, 30)", (128, 20)),
]


def parse_shape(text):
    return tuple(int(part) for part in text.split(","))


def time_torch(torch, expression, shape, warmup, repeat):
    """Median and minimum of `repeat` forward passes (after `warmup`), in milliseconds."""
    from torch import nn  # noqa: F401  (the expressions name nn.*)

    module = eval(expression, {"nn": nn, "torch": torch})
    module.train()
    x = torch.randn(*shape)
    samples = []
    with torch.no_grad():
        for _ in range(warmup):
            module(x)
        for _ in range(repeat):
            start = time.perf_counter()
            module(x)
            samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples), min(samples)


def time_layerscope(binary, expression, shape, warmup, repeat, threads):
    """`layerscope bench --json` for the same case: its median and minimum in milliseconds."""
    command = [binary, "bench", expression, "--shape", ",".join(map(str, shape)),
               "--warmup", str(warmup), "--repeat", str(repeat), "--threads", str(threads), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["median_ms"], report["min_ms"]


DIGITS_CNN = ("nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), "
              "nn.Linear(8 * 8 * 8, 10))")


def time_torch_training(torch, model_expr, optim_expr, example_shape, batch_size, warmup, repeat):
    """Median and minimum of `repeat` whole training steps (after `warmup`), in milliseconds."""
    from torch import nn

    torch.manual_seed(0)
    model = eval(model_expr, {"nn": nn, "torch": torch})
    model.train()
    optimizer = eval(optim_expr.replace("(", "(model.parameters(), ", 1), {"torch": torch, "model": model})
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch_size, *example_shape)
    classes = model(x).shape[1]
    y = torch.randint(0, classes, (batch_size,))
    samples = []
    for i in range(warmup + repeat):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples), min(samples)


def time_layerscope_training(binary, model_expr, optim_expr, example_shape, batch_size, warmup, repeat, threads):
    command = [binary, "bench", "--train", model_expr, "--optim", optim_expr, "--batch-size", str(batch_size),
               "--shape", ",".join(map(str, (batch_size,) + tuple(example_shape))),
               "--warmup", str(warmup), "--repeat", str(repeat), "--threads", str(threads), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["median_ms"], report["min_ms"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layerscope", default=os.environ.get("LAYERSCOPE_BIN"),
                        help="the layerscope binary (a release build); default $LAYERSCOPE_BIN")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--case", nargs=2, action="append", metavar=("EXPR", "SHAPE"),
                        help="an expression and its input shape N,C,H,W (repeatable; default: the seed examples)")
    parser.add_argument("--json", action="store_true", help="print the rows as one JSON list")
    parser.add_argument("--train", nargs="?", const=DIGITS_CNN, metavar="MODEL",
                        help="time one training step of MODEL (default: the digits CNN)")
    parser.add_argument("--optim", default="torch.optim.Adam(lr=0.01)", help="with --train: the optimiser")
    parser.add_argument("--batch-size", type=int, default=32, help="with --train: examples per step")
    parser.add_argument("--example-shape", default="1,16,16", help="with --train: one example's shape")
    args = parser.parse_args()
    if not args.layerscope:
        parser.error("give --layerscope BINARY or set LAYERSCOPE_BIN")

    import torch

    torch.set_num_threads(args.threads)
    if args.train:
        example = parse_shape(args.example_shape)
        torch_median, torch_min = time_torch_training(torch, args.train, args.optim, example, args.batch_size,
                                                      args.warmup, args.repeat)
        ours_median, ours_min = time_layerscope_training(args.layerscope, args.train, args.optim, example,
                                                         args.batch_size, args.warmup, args.repeat, args.threads)
        row = {"train": args.train, "optim": args.optim, "batch_size": args.batch_size,
               "torch_median_ms": round(torch_median, 4), "torch_min_ms": round(torch_min, 4),
               "layerscope_median_ms": ours_median, "layerscope_min_ms": ours_min,
               "ratio": round(ours_median / torch_median, 3)}
        if args.json:
            print(json.dumps([row]))
            return
        print(f"PyTorch {torch.__version__} ({torch.backends.cpu.get_cpu_capability()}), {args.threads} threads, "
              f"{args.repeat} steps after {args.warmup} warm-up; milliseconds per training step")
        print(f"{args.train}")
        print(f"  {args.optim}, batch {args.batch_size} of {tuple(example)}")
        print(f"  PyTorch median {torch_median:.3f} (min {torch_min:.3f}) · LayerScope median {ours_median:.3f} "
              f"(min {ours_min:.3f}) · ratio {ours_median / torch_median:.2f}")
        return
    cases = [(expr, parse_shape(shape)) for expr, shape in args.case] if args.case else DEFAULT_CASES
    rows = []
    for expression, shape in cases:
        torch_median, torch_min = time_torch(torch, expression, shape, args.warmup, args.repeat)
        ours_median, ours_min = time_layerscope(args.layerscope, expression, shape, args.warmup, args.repeat,
                                                args.threads)
        rows.append({"expr": expression, "shape": list(shape), "torch_median_ms": round(torch_median, 4),
                     "torch_min_ms": round(torch_min, 4), "layerscope_median_ms": ours_median,
                     "layerscope_min_ms": ours_min, "ratio": round(ours_median / torch_median, 3)})

    if args.json:
        print(json.dumps(rows))
        return
    print(f"PyTorch {torch.__version__} ({torch.backends.cpu.get_cpu_capability()}), {args.threads} threads, "
          f"{args.repeat} runs after {args.warmup} warm-up; milliseconds")
    header = f"{'expression':<76} {'input':<18} {'torch med':>9} {'min':>7} {'ours med':>9} {'min':>7} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        shape = "(" + ", ".join(map(str, row["shape"])) + ")"
        print(f"{row['expr']:<76} {shape:<18} {row['torch_median_ms']:>9.3f} {row['torch_min_ms']:>7.3f} "
              f"{row['layerscope_median_ms']:>9.3f} {row['layerscope_min_ms']:>7.3f} {row['ratio']:>6.2f}")


if __name__ == "__main__":
    sys.exit(main())
