"""Where conversations are kept: tracker and lock stores, and operations on them.

Rasa finds the store classes by their path in endpoints.yml; conversation_store
adds the deletions and the health check that Rasa 3.6's stores lack.
"""
