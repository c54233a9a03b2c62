"""The seed set of labelled firm descriptions (data files; see README.md)."""
