"""Notes service: a small FastAPI app packaged in src layout."""

__version__ = "0.1.0"


def main() -> None:
    """Console entry point: `notes-service` (see [project.scripts])."""
    import uvicorn

    from notes_service.settings import settings

    uvicorn.run(
        "notes_service.app:app",
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        proxy_headers=True,
    )
