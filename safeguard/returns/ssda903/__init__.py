"""The SSDA903 return (children looked after): a projection of the case record for one
collection year, written as the collection's CSV files.

years.py    what changes from one collection year to the next (column sets, code lists)
build.py    the reads over the record and the CSV files, and ssda903_build for the command
validator_comparison.py  reads Data to Insight's 903 validator's findings (made by
            scripts/validators/run-903-validator in its own environment) and checks each
            against validator_differences.toml
services.py, selectors.py, forms.py, views.py  the analysts' page (/returns/ssda903/): a
            build into its own folder with its error report, the latest build and its report
"""
