"""What the graph answers: entities by name, named queries, paths with their support, gaps and
ranking, statistics, evidence in context, and linking outside tables to the regions."""
