from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Service settings, read from the environment (and a local `.env`)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_name: str = "inventory"
    host: str = "127.0.0.1"
    port: int = 8001
    debug: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
