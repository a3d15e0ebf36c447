"""Plain-Python language models and patterns (no Rasa import).

The pipeline components in components/ adapt them to Rasa; here they can be
tested and measured on their own.
"""
