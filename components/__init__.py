"""Custom Rasa NLU components of the second-opinion assistant."""
