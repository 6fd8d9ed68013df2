"""`make bench`: build cost and reader-side weight, against bare Pelican (see run.py)."""
