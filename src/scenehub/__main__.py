"""`python -m scenehub` runs the command line."""

from scenehub.cli import app

app()
