"""scene + investment: the E-Station's financing products, services and applications."""
