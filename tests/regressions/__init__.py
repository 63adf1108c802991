"""Failing tests for bugs found in a review; each file names the behaviour it expects."""
