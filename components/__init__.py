"""The assistant's own Rasa NLU pipeline components (named in config.yml).

Only pipeline components live here. The plain models they wrap are in
understanding/, storage classes in stores/, and changes to Rasa's server
behaviour in rasa_extensions/ (installed by components.server_extensions).
"""
