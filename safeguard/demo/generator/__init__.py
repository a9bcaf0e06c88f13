"""Generate a deterministic synthetic authority: see `run.generate` and
docs/decisions/0003-demo-generator.md."""
