"""``mtfix bench``: benchmark suites described as data, a signed report, a baseline gate."""
