"""The capability registry: firms, their claims and their capabilities (能力清单)."""
