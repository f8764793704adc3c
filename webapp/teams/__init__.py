"""Teams: creating one, invitations and consent to share, the heatmap and k-anonymous
aggregates managers see, access records, reviews, and the demo team.
"""
