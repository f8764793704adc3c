"""Accounts: sign-up, sign-in and out, password change and reset, the user table, and the
personal-data export.
"""
