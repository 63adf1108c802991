"""Masking throughput, recall, keep rate and peak memory: cs-bot's engine beside korean-pii.

Run with `python -m bench.masking [--repeat N]`. The corpus is the labelled development set
of synthetic buyer messages, repeated N times. korean-pii 0.2.0 comes from the `bench` extra
(`pip install -e '.[bench]'`); without it only cs-bot's engine is measured.
"""

import argparse
import json
import os
import platform
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.privacy import mask_text

DEV_SET = Path(__file__).parents[1] / ".." / "shared" / "eval" / "masking-dev.jsonl"

Masker = Callable[[str], str]


@dataclass(frozen=True)
class Result:
    """Measurements of one masking engine over the corpus."""

    engine: str
    lines_per_second: float
    megabytes_per_second: float
    recall: float
    keep_rate: float
    peak_memory_mib: float


def load_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def korean_pii_masker() -> Masker | None:
    """Return korean-pii's default masking as a text-to-text function, or None if absent."""
    try:
        import korean_pii  # type: ignore[import-untyped]
    except ImportError:
        return None

    def mask(text: str) -> str:
        return str(korean_pii.mask(text).text)

    return mask


def rates(rows: list[dict[str, Any]], mask: Masker) -> tuple[float, float]:
    """Return (recall, keep rate): rows whose secrets are all gone, rows whose keeps all stay."""
    recalled = kept = 0
    for row in rows:
        masked = mask(row["text"])
        recalled += all(secret not in masked for pii in row["pii"] for secret in pii["secrets"])
        kept += all(keep in masked for keep in row["keep"])
    return recalled / len(rows), kept / len(rows)


def measure(engine: str, mask: Masker, rows: list[dict[str, Any]], repeat: int) -> Result:
    corpus = [row["text"] for row in rows] * repeat
    size_mb = sum(len(text.encode("utf-8")) for text in corpus) / 1_000_000
    mask(corpus[0])  # warm regex caches and imports outside the timed loop

    started = time.perf_counter()
    for text in corpus:
        mask(text)
    elapsed = time.perf_counter() - started

    # Peak memory of one call on the whole corpus as a single text, the worst case for a
    # caller that masks a long message or log dump at once.
    whole = "\n".join(corpus)
    tracemalloc.start()
    mask(whole)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    recall, keep_rate = rates(rows, mask)
    return Result(
        engine=engine,
        lines_per_second=len(corpus) / elapsed,
        megabytes_per_second=size_mb / elapsed,
        recall=recall,
        keep_rate=keep_rate,
        peak_memory_mib=peak / 2**20,
    )


def format_table(results: list[Result]) -> str:
    header = "| Engine | Lines/s | MB/s | Recall | Keep rate | Peak memory, one call (MiB) |"
    rule = "|---|---:|---:|---:|---:|---:|"
    rows = [
        f"| {r.engine} | {r.lines_per_second:,.0f} | {r.megabytes_per_second:.2f} | "
        f"{r.recall:.4f} | {r.keep_rate:.4f} | {r.peak_memory_mib:.1f} |"
        for r in results
    ]
    return "\n".join([header, rule, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.masking", description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=30, help="times the development set is repeated (default 30)"
    )
    args = parser.parse_args(argv)
    if not DEV_SET.is_file():
        print(f"masking benchmark skipped: development set not found at {DEV_SET}")
        return 0

    rows = load_rows(DEV_SET)
    engines: list[tuple[str, Masker]] = [("cs-bot bot.privacy", mask_text)]
    other = korean_pii_masker()
    if other is None:
        print("korean-pii is not installed; install the bench extra to compare with it")
    else:
        engines.append(("korean-pii 0.2.0", other))

    results = [measure(name, mask, rows, args.repeat) for name, mask in engines]
    corpus_mb = sum(len(row["text"].encode("utf-8")) for row in rows) * args.repeat / 1e6
    print(
        f"Masking: {len(rows)} rows x {args.repeat} ({corpus_mb:.2f} MB), "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    print(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
