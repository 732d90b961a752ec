"""Sammenspil: a card game on coherence across the state, the regions and the municipalities."""

__version__ = "0.1.0"
