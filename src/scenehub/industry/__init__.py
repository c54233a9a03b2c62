"""scene + data: the AI industry chain, firm classification, the industry map."""
