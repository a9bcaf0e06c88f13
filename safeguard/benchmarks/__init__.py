"""Benchmarks: England's and the statistical neighbours' published figures, loaded from the
DfE's local-authority tables, beside the authority's own (docs/benchmarks.md)."""
