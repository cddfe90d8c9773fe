"""The pygame view. Its modules import pygame at their top; this package imports it first,
through ``facepacer.sdl``, so that pygame never pulls in ``pkg_resources``."""

from facepacer.sdl import import_pygame

import_pygame()
