"""Domain logic of the assistant: plain Python, plain values in, plain data out.

Nothing here imports Rasa; the action classes in actions/*_actions.py adapt
these functions to rasa_sdk.
"""
