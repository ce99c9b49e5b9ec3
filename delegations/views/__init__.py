"""Pages of delegations: the delegation itself (delegation.py), its people (team.py)."""
