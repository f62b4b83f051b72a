#!/usr/bin/env python3
"""Workloads A-E of docs/design (Performance workloads) in PyTorch: the reference column of
`./sevensteps bench`, which runs this script once per thread count.

It reads MNIST from the same four IDX files as our engine (numpy, no torchvision, no download),
builds each model from plain torch.nn, and times training epochs the same way: warm-up epochs (at
least one, and at least 1.5 s of this thread's CPU time), then --epochs timed ones; the time of an epoch is its training pass (no validation). It prints one
JSON object per workload on stdout:

  {"workload": "D", "threads": 1, "ms": [301.2, 298.7], "cpu_ms": [300.9, 298.1], "accuracy": 0.951}

"ms" is wall time; "cpu_ms" is the CPU time this process used in the same epochs (on a shared machine
the fairer measure at 1 thread: it does not count the time spent waiting for a core).

Usage: torch_bench.py --data-dir ~/.local/share/sevensteps/mnist --threads 1 --workloads A,B,C,D,E --epochs 2
The caller sets OPENBLAS_CORETYPE; this script only sets torch's thread count.
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    """An IDX file as a numpy array: magic (2 zero bytes, type 0x08 = ubyte, rank), big-endian sizes, data."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_mnist(folder):
    """(train_x (60000,28,28) in [0,1], train_y (60000), test_x, test_y) as torch tensors."""
    def images(name):
        return torch.from_numpy(read_idx(f"{folder}/{name}").astype(np.float32) / 255.0)

    def labels(name):
        return torch.from_numpy(read_idx(f"{folder}/{name}").astype(np.int64))

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


def mnist_loss(preds, targets):
    """The 3-vs-7 loss: sigmoid, then 1 - p where the target is 1, p where it is 0."""
    p = preds.sigmoid().view(-1)
    t = targets.view(-1)
    return torch.where(t == 1, 1 - p, p).mean()


WARM_UP_S = 1.5  # the warm-up lasts at least one epoch and this much CPU time of this thread, as in our engine (its JIT needs it)


def fit(model, loss_fn, opt, x, y, bs, epochs, gen):
    """Warm-up epochs, then `epochs` timed ones; returns the wall and CPU ms of each timed training pass."""
    def epoch():
        order = torch.randperm(n, generator=gen)
        for i in range(0, n, bs):
            idx = order[i:i + bs]
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            opt.zero_grad()

    n = len(x)
    warm_until = time.thread_time() + WARM_UP_S
    epoch()
    while time.thread_time() < warm_until:
        epoch()
    times, cpu = [], []
    for _ in range(epochs):
        start, start_cpu = time.perf_counter(), time.process_time()
        epoch()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return times, cpu


def threes_and_sevens(tx, ty, vx, vy):
    """The MNIST_SAMPLE subset: 3s (target 1) and 7s (target 0), flattened to 784."""
    def pick(x, y):
        keep = (y == 3) | (y == 7)
        return x[keep].view(-1, 784), (y[keep] == 3).float().view(-1, 1)
    return pick(tx, ty) + pick(vx, vy)


def workload_a(data, epochs, gen):
    """Baseline: the mean 3 and the mean 7, then each validation digit goes to the nearer mean (L1).

    The 3s and 7s are cut out once, before timing, as the Java side keeps MNIST_SAMPLE cut out once."""
    tx, ty, vx, vy = data
    t3, t7, v3, v7 = tx[ty == 3], tx[ty == 7], vx[vy == 3], vx[vy == 7]
    times, cpu, acc = [], [], 0.0
    warm_until = time.thread_time() + WARM_UP_S
    e = 0
    while e <= epochs:
        if e == 1 and time.thread_time() < warm_until:
            e = 0  # still warming up
        start, start_cpu = time.perf_counter(), time.process_time()
        with torch.no_grad():
            mean3, mean7 = t3.mean(0), t7.mean(0)
            dist = lambda a, m: (a - m).abs().mean((-1, -2))
            right = (dist(v3, mean3) < dist(v3, mean7)).sum() + (dist(v7, mean7) < dist(v7, mean3)).sum()
            acc = right.item() / (len(v3) + len(v7))
        if e > 0:
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        e += 1
    return times, cpu, acc


def binary(model_fn, lr, data, epochs, gen):
    x, y, vx, vy = threes_and_sevens(*data)
    model = model_fn()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    times, cpu = fit(model, mnist_loss, opt, x, y, 256, epochs, gen)
    with torch.no_grad():
        acc = ((model(vx) > 0).float() == vy).float().mean().item()
    return times, cpu, acc


class LinearModel(nn.Module):
    """xb @ weights + bias with randn init, as in the lesson."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(784, 1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return x @ self.w + self.b


def workload_b(data, epochs, gen):
    return binary(LinearModel, 1.0, data, epochs, gen)


def workload_c(data, epochs, gen):
    return binary(lambda: nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1)), 0.1, data, epochs, gen)


def classify(model, opt, x, vx, data, epochs, gen):
    tx, ty, _, vy = data
    times, cpu = fit(model, nn.functional.cross_entropy, opt, x, ty, 64, epochs, gen)
    with torch.no_grad():
        acc = (model(vx).argmax(1) == vy).float().mean().item()
    return times, cpu, acc


def workload_d(data, epochs, gen):
    model = nn.Sequential(nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    return classify(model, opt, data[0].view(-1, 784), data[2].view(-1, 784), data, epochs, gen)


def workload_e(data, epochs, gen):
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 16, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 10, 3, stride=2, padding=1), nn.AvgPool2d(4), nn.Flatten())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    return classify(model, opt, data[0].view(-1, 1, 28, 28), data[2].view(-1, 1, 28, 28), data, epochs, gen)


WORKLOADS = {"A": workload_a, "B": workload_b, "C": workload_c, "D": workload_d, "E": workload_e}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, help="folder with the four MNIST IDX files")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workloads", default="A,B,C,D,E")
    ap.add_argument("--epochs", type=int, default=2, help="timed epochs, after one warm-up epoch")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    data = load_mnist(args.data_dir)
    for w in args.workloads.split(","):
        gen = torch.Generator().manual_seed(42)
        times, cpu, acc = WORKLOADS[w.strip().upper()](data, args.epochs, gen)
        print(json.dumps({"workload": w.strip().upper(), "threads": args.threads,
                          "ms": [round(t, 2) for t in times], "cpu_ms": [round(t, 2) for t in cpu],
                          "accuracy": round(acc, 4)}), flush=True)


if __name__ == "__main__":
    main()
