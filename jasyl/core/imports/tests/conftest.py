from jasyl.testing.exhaust import posts  # noqa: F401  (fixtures)
