"""`python -m scenehub` runs the command line (used to start jobs in their own process)."""

from scenehub.cli import app

app()
