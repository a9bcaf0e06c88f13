"""Statutory rules and timescales for the case record: plain typed Python, no ORM, no HTTP."""
