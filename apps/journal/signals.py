"""Signals the journal sends for the apps above it.

``checkin_saved`` goes out after a check-in is created, changed or deleted, with the
check-in as ``checkin``. The safety app listens: a symptom or a low mood noted after a
session has started changes that session's plan at once (it re-applies the progression
holds), without the journal having to know about guidance.
"""

from django.dispatch import Signal

checkin_saved = Signal()
