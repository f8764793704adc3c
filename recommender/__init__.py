"""Pathfinder's engine: domain objects, gaps, pathway selection and ordering.

Pure Python over plain data (networkx, scipy, scikit-learn); imports neither Flask nor
SQLAlchemy.
"""
