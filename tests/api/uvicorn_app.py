"""The app factory the real-uvicorn test serves (``uvicorn --factory``): settings from the
KG_* environment, as ``kg serve`` has them, without preloading models."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from kg.config import Settings


def make_app() -> FastAPI:
    return create_app(Settings(), preload_models=False)
