"""Section 8 of the Sở's IT guidance: contest proposals (drafts, screening, the Sở's decisions, revisions),
the flags and their wording, the brand list and companies' products, the Sở's queue and monthly summary,
the proposal mails, companies' accounts, units' reports of companies' contacts, and attached files.
"""
