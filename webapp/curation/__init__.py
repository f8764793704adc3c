"""Trainers' work: role profile and pathway template editors, tag and crosswalk queues, and
adjustments made for a consenting learner.
"""
