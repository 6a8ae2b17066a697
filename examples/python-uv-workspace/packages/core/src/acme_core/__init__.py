"""Greetings shared by the Acme services."""


def greet(name: str) -> str:
    return f"Hello, {name}!"
