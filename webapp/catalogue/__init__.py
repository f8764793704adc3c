"""The training catalogue in the web app: search and facets, resource and provider pages,
trainers' editing and import pages, storage of catalogue records, and ``flask catalogue``.
"""
