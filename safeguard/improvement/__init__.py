"""The improvement plan: recommendations and improvement areas from reviews, inspections and
the council's own audits, each with the evidence behind "implemented" (docs/improvement.md)."""
