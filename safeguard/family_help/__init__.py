"""Family help (early help): help a family agrees to, led by a council worker or a partner."""
