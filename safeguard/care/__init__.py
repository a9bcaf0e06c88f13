"""Children in care: their health, missing episodes and education, and the rest the SSDA903
return asks of them (UASC status, motherhood, convictions, substance misuse)."""
