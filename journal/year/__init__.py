"""The registration year: its dates, the regulator's requirement, readiness, coverage, and
records brought in from earlier years."""
