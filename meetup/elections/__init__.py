"""Elections: phases, electorate, ballots and their formats, the Schulze tally, voting."""
