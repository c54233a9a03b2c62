"""Proposals (揭榜): firms answer published scenes; departments review them."""
