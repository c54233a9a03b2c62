"""Scene salons: themed events where departments and firms meet one to one."""
