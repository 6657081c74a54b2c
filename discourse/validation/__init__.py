"""Validation: coded samples, the detector against coders, and rates corrected for its errors.

Sentence and sample tables in, coded tables, agreement, scores and corrected rates out. Built
on ``corpus/`` and ``frames/``; ``report/`` draws what it returns.
"""
