"""Core views. The health check moved to memorial.core.health; this name stays importable."""

from .health import healthz

__all__ = ["healthz"]
