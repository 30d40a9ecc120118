"""Synthetic MT errors made from clean English, for training and benchmarks."""
