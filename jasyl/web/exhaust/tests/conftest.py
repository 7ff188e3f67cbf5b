from jasyl.testing.exhaust import english, posts  # noqa: F401  (fixtures)
