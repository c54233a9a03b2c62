"""scenehub: the platform of a city's scene innovation centre."""

__version__ = "0.1.0"
