"""Search in Kazakh, Russian and English by word forms (docs/search.md).

`words` folds text and turns each word into the keys it is found by (a Snowball stem for Russian
and English, the suffix-stripping rule of `kazakh` for Kazakh); `ranking` matches a query
against documents made of fields, ranks what it finds and cuts a highlighted snippet.
"""
