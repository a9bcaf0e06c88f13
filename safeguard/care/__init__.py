"""Children in care: their health and missing episodes now; education and care leavers later."""
