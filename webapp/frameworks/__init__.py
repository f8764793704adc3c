"""Competency frameworks in the web app: browsing frameworks, skills and role profiles; the
framework, area, skill and role profile tables; storing frameworks and profiles.
"""
