"""Permanence: the adoption journey of a child in care (the decision that they should be
placed for adoption, the match, placement and order) and the permanence a child had before
coming into care (adoption, special guardianship, child arrangements)."""
