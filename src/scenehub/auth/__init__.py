"""Organisations, users, password login, web sessions and API tokens."""
