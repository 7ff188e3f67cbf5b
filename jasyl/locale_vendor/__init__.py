"""Translations of Django's and the libraries' own strings (README.md); a locale folder, and
`catalogues`, which lists what they lack."""
