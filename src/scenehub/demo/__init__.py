"""The synthetic city used by ``scenehub demo``, the tests and the benchmarks."""
