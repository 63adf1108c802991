"""Benchmarks, one module per subject, each with a `main(argv) -> int`."""
