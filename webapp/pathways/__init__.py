"""Learning pathways: planning one with the engine, its pages, check-ins, exports and chart."""
