# Two images of the second-opinion assistant from one Dockerfile
# (docker-compose.yml and deploy/helm/ use both):
#
#   docker build --target actions -t second-opinion-guide-actions .   the action server
#   docker build -t second-opinion-guide .                            the Rasa server (last stage)
#
# The action server's image carries rasa-sdk and what actions/ imports
# (actions/requirements-actions.txt), not Rasa or TensorFlow. The Rasa
# server's model is trained while its image is built: models are not committed.
FROM python:3.10-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN useradd --create-home --uid 1001 rasa && pip install --upgrade pip==24.2

# --- The action server: rasa-sdk over actions/ (no Rasa, no TensorFlow).
FROM base AS actions
COPY actions/requirements-actions.txt constraints.txt ./
RUN pip install -r requirements-actions.txt -c constraints.txt
COPY actions/ actions/
# The one module outside actions/ that the actions import (standard library only).
COPY understanding/__init__.py understanding/text.py understanding/
USER 1001
EXPOSE 5055
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]

# --- The Rasa server, with the trained model (default target).
FROM base AS rasa
ENV RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
RUN apt-get update && apt-get install -y --no-install-recommends build-essential curl \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt

COPY . .
RUN python scripts/build_spacy_pipeline.py build/spacy/en_second_opinion \
    && rasa train --fixed-model-name current --out models \
    && chown -R rasa /app
USER 1001

EXPOSE 5005
CMD ["rasa", "run", "--model", "models/current.tar.gz", "--port", "5005", \
     "--credentials", "credentials.yml", "--endpoints", "endpoints.scale.yml"]
