"""Who may do what, for which purpose, and the tamper-evident audit trail."""
