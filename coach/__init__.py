"""coach: a terminal guided-workout timer for a home exercise program for back pain."""

__version__ = "0.1.0"
