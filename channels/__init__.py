"""Chat-app connectors for the Rasa server, configured only through environment
variables and named by class path in credentials.yml.

An unconfigured connector still mounts its webhook, which answers 503 with a
"not configured" body, so one credentials.yml serves every set-up.
"""
