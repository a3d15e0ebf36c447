# One image for the Rasa server and the action server of the second-opinion
# assistant (docker-compose.yml and deploy/helm/ use it). The model is trained
# while the image is built: models are not committed.
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends build-essential curl \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt constraints.txt ./
RUN pip install --upgrade pip==24.2 && pip install -r requirements.txt -c constraints.txt

COPY . .
RUN python scripts/build_spacy_pipeline.py build/spacy/en_second_opinion \
    && rasa train --fixed-model-name current --out models \
    && useradd --create-home --uid 1001 rasa && chown -R rasa /app
USER 1001

EXPOSE 5005 5055
# The Rasa server; the action server runs the same image with
# `rasa run actions --actions actions --port 5055`.
CMD ["rasa", "run", "--model", "models/current.tar.gz", "--port", "5005", \
     "--credentials", "credentials.yml", "--endpoints", "endpoints.scale.yml"]
