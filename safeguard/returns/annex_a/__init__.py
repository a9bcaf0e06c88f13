"""Ofsted ILACS Annex A: the child-level lists as an .xlsx workbook."""
