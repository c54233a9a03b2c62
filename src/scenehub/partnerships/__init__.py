"""Partnerships between a scene's department and a firm: pilot, evaluation, scale-up."""
