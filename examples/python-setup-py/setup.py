from setuptools import find_packages, setup

with open("README.md", encoding="utf-8") as readme:
    long_description = readme.read()

setup(
    name="legacy-server",
    version="0.1.0",
    description="A tiny HTTP server packaged with a classic setup.py",
    long_description=long_description,
    long_description_content_type="text/markdown",
    packages=find_packages(exclude=["tests", "tests.*"]),
    python_requires=">=3.11",
    install_requires=[],
    entry_points={
        "console_scripts": [
            "legacy-server=legacy_server.server:main",
        ],
    },
)
