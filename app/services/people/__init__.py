"""People and units: accounts and their life cycle, passwords (hashing, the policy, resets), logging in (its
limits, ending a user's access), registering an account, API tokens, importing and exporting people, and
the unit tree (Sở → Phòng GD&ĐT → schools).
"""
