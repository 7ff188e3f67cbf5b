from jasyl.testing.greenfund import districts  # noqa: F401  (fixture)
