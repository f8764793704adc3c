"""The coverage map: how well the catalogue covers each skill of a framework."""
