"""Statutory returns: the Children in Need census and Ofsted's Annex A lists."""
