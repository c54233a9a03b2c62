"""The centre's dashboard: its figures from the records of every domain."""
