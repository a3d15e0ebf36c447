"""Printable documents as PDF, made in the Rasa server when a link is opened (never stored).

The content is plain data from actions/logic/documents.py and letters.py;
this package only lays it out (ReportLab, from PyPI alone).
"""
