"""OWL 2 RL reasoning: owlrl as the reference (with the cleaning of its closure) and the fast engine compiled from
it."""
