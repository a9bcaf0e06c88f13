"""The DfE children's social work workforce census (CSWW): worker-level `CSWWWorker` entries
and the authority's `LALevelVacancies`, built from the workforce record (docs/workforce.md,
"The workforce census")."""
