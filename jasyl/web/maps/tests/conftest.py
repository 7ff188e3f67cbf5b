from jasyl.testing.greenfund import districts  # noqa: F401  (a fixture; test_page has its own)
