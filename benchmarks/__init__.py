"""The performance benchmark: `make bench` (python -m benchmarks.run). Not part of `make test`: slow and noisy."""
