"""Supervision: case supervision recorded against the child (management oversight) and each
worker's personal supervision, with the authority's clock for both (docs/supervision.md)."""
