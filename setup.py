"""Packaging for facepacer.

The importable package lives in ``firmware/facepacer``; the shipped ritual files (``rituals/``) and
assets (``assets/``) are mapped in as the data packages ``facepacer.rituals`` and
``facepacer.assets``, so ``importlib.resources`` finds them from a checkout installed with
``pip install -e .`` and from a wheel alike.
"""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(
    r'^__version__ = "([^"]+)"', (HERE / "firmware/facepacer/__init__.py").read_text(), re.M
).group(1)

code_packages = find_packages("firmware", include=["facepacer", "facepacer.*"])

setup(
    name="facepacer",
    version=VERSION,
    description="A Raspberry Pi companion that paces a facial-massage ritual at the mirror",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.9",
    packages=code_packages + ["facepacer.rituals", "facepacer.assets"],
    package_dir={
        "facepacer": "firmware/facepacer",
        "facepacer.rituals": "rituals",
        "facepacer.assets": "assets",
    },
    package_data={
        # The compiled message catalogues; their .po sources and the .pot template ship too, so
        # an installed copy can be re-translated (README: "Languages").
        "facepacer": ["locale/*.pot", "locale/*/LC_MESSAGES/*.po", "locale/*/LC_MESSAGES/*.mo",
                      "locale/dates.json"],
        "facepacer.rituals": ["*.yaml"],
        "facepacer.assets": ["*.*", "*/*.*", "*/*/*.*"],
    },
    include_package_data=False,
    install_requires=[
        # Debian's python3-pygame on Bookworm is 2.1.2: the floor must admit it.
        "pygame>=2.1.2",
        "gpiozero>=1.6.2",
        "PyYAML>=5.4",
        "smbus2>=0.4.1",
        # The weekday and the clock in the user's language, from CLDR data rather than the
        # system's generated locales (a Pi rarely has de_DE generated). Debian 12 ships 2.10.3.
        "Babel>=2.10",
    ],
    extras_require={
        # setuptools and wheel: the packaging test builds a wheel without build isolation.
        # pygame pinned: the golden images hold only for the text renderer they were made with
        # (tests/ui/golden/RENDERER.txt); CI fails rather than skip them with another.
        # paho-mqtt: the MQTT link is tested against a real broker. Jinja2: the select's
        # value_template is rendered as Home Assistant renders it.
        "test": [
            "pytest>=7",
            # -n auto: the suite spreads over the cores; most of its time is a real broker and
            # real processes waited on, which overlap.
            "pytest-xdist>=3",
            "pygame==2.6.1",
            "hypothesis>=6.50",
            "ruff>=0.4",
            "setuptools>=61",
            "wheel",
            "paho-mqtt>=2.0,<3",
            "Jinja2>=3",
            # mypy: the type check CI runs after the tests (pyproject.toml, [tool.mypy]). Capped
            # below 3 so a new major's new findings arrive by choice rather than as a red build.
            # mypy 2 runs on Python 3.10 or newer only: on 3.9 the extra installs without it.
            # types-PyYAML: PyYAML carries no type information of its own.
            'mypy>=2.4,<3; python_version >= "3.10"',
            "types-PyYAML",
        ],
        # The optional link to an MQTT broker (Home Assistant); paho-mqtt 2's callback API.
        "mqtt": ["paho-mqtt>=2.0,<3"],
        # On the Pi, gpiozero needs a pin library; lgpio is the one that works on every model
        # from the Zero 2 W to the Pi 5 under Bookworm and Trixie, and gpiozero picks it first
        # from 2.0 on. PyPI has lgpio wheels only up to Python 3.12: on 3.13 (Debian 13, Pi OS
        # Trixie) its source build fails, so there it comes from the system (python3-lgpio, in a
        # venv made with --system-site-packages), as deploy/install-pi.sh sets up.
        "pi": ["gpiozero>=2.0", 'lgpio>=0.2.2.0; python_version < "3.13"'],
    },
    entry_points={"console_scripts": ["facepacer = facepacer.cli:main"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "Operating System :: POSIX :: Linux",
        "Topic :: System :: Hardware",
    ],
)
