"""The Children in Need census: a projection of the case record for one collection year.

years.py    what changes from one collection year to the next (codes, schema, rules)
records.py  the census child as plain data (no ORM)
queries.py  a handful of set-based reads for a whole authority, merged by child
xml.py      the streaming XML writer
rules/      the DfE validation rules, as plain functions over `records`, one module
            per census module
schema.py   validation of the written file against our XSD (schema/*.xsd)
report.py   the error report beside the file (CSV), read back by the page
services.py census_build: everything above, for the command and the page
"""
