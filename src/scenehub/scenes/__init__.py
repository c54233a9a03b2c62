"""Scenes: the places and problems departments open for pilots, and their catalogue."""
