"""Matching Leads, Contacts and Accounts: normalised keys, blocking, explained scores, clusters."""
