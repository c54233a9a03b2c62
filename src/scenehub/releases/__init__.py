"""Releases of public and investor statistics: disclosure control or differential privacy,
recorded with their cells, and the privacy budget they are charged to."""
