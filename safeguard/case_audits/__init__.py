"""Case audits (quality assurance): a manager or auditor grades a child's case against themes,
records strengths and actions, and the worker responds (docs/case-audits.md)."""
