"""Explained signals: readable rules that combine events across agencies and tell the worker."""
