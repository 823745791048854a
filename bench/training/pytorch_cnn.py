"""PyTorch reference for `npm run bench:training`: samples/s of the default CNN on the CPU.

The network is the one src/training/models.ts builds from DEFAULT_CONFIG (2 conv blocks, 8 filters,
kernel 3, dense 32, dropout 0.1, ReLU, no batch norm), trained the way src/training/train.ts trains
it: Adam (learning rate 1e-3), batches of 64 from a shuffled epoch, uint8 pixels scaled by 1/255 per
batch, the loss read back after every batch.

Notation (n = batch, 28 x 28 x 1 images, k = 10 classes):
  x       [n, 1, 28, 28]  float32 pixels / 255 (channels first, PyTorch's layout)
  conv 1  3x3, 1 -> 8 filters, 'same' (padding 1), bias -> ReLU -> max-pool 2x2 -> [n, 8, 14, 14]
  conv 2  3x3, 8 -> 16 filters, 'same', bias -> ReLU -> max-pool 2x2 -> [n, 16, 7, 7]
  head    flatten [n, 784] -> dropout 0.1 -> dense 32 -> ReLU -> dropout 0.1 -> dense 10
  loss    softmax cross-entropy against the labels

The data is random and MNIST-shaped (speed does not depend on the pixel values). One warm-up batch,
then `--epochs` timed epochs of `--samples` samples; prints one JSON line with the fastest epoch's
samples/s (other work on the machine only ever slows an epoch down) and the network's parameter
count (the same as the tfjs model's). Pin BLAS threads with OMP_NUM_THREADS / OPENBLAS_NUM_THREADS /
MKL_NUM_THREADS as well as --threads: Debian's build ignores torch.set_num_threads for its BLAS calls.

Usage: python3 bench/training/pytorch_cnn.py --threads 1 --samples 2048 [--epochs 3] [--seed 1]
"""
import argparse
import json
import sys
import time

import torch
from torch import nn

BATCH = 64
CLASSES = 10


def build_model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(0.1),
        nn.Linear(16 * 7 * 7, 32),
        nn.ReLU(),
        nn.Dropout(0.1),
        nn.Linear(32, CLASSES),
    )


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs a positive integer, got {text}")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description="PyTorch samples/s of the default CNN")
    parser.add_argument("--threads", type=positive_int, required=True)
    parser.add_argument("--samples", type=positive_int, default=2048)
    parser.add_argument("--epochs", type=positive_int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images = torch.randint(0, 256, (args.samples, 1, 28, 28), dtype=torch.uint8)
    labels = torch.randint(0, CLASSES, (args.samples,))
    model = build_model()
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_of = nn.CrossEntropyLoss()

    def step(index: torch.Tensor) -> float:
        x = images[index].float().div_(255)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_of(model(x), labels[index])
        loss.backward()
        optimizer.step()
        return loss.item()

    step(torch.arange(min(BATCH, args.samples)))
    rates = []
    for _ in range(args.epochs):
        order = torch.randperm(args.samples)
        started = time.perf_counter()
        for start in range(0, args.samples, BATCH):
            step(order[start : start + BATCH])
        rates.append(args.samples / (time.perf_counter() - started))

    json.dump(
        {
            "samplesPerSecond": max(rates),
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "paramCount": sum(p.numel() for p in model.parameters()),
            "samples": args.samples,
            "epochs": args.epochs,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
