"""Input channels of the second-opinion assistant (referenced from credentials.yml)."""
