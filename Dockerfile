# The kg API image: the GraphQL server (and the kg CLI) on Python 3.11.
# Built by docker-compose.yml; also usable alone:
#   docker build -t kg-api . && docker run -p 8000:8000 -e KG_BACKEND=networkx kg-api
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# dependencies first (the layer is reused while only the code changes)
COPY pyproject.toml README.md ./
RUN mkdir -p schema kg api extractors \
    && touch schema/__init__.py kg/__init__.py api/__init__.py extractors/__init__.py \
    && pip install . \
    && pip uninstall -y kg

COPY schema ./schema
COPY extractors ./extractors
COPY kg ./kg
COPY api ./api
COPY seeds ./seeds
COPY neo4j ./neo4j
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 kg \
    && mkdir -p /data && chown kg /data

USER kg
ENV KG_DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
