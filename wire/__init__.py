"""The wire desk: agency copy (ninjs, NewsML-G2, RSS/Atom) comes in as draft stories."""
