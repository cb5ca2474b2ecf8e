"""facilitator: run partnership meetings live and keep their record."""

__version__ = "0.1.0"
