"""Children in care: their health now; education, missing episodes and care leavers later."""
