from jasyl.testing.greenfund import districts, english  # noqa: F401  (fixtures)
