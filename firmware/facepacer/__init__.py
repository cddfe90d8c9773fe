"""facepacer: paces a facial-massage ritual at the mirror.

Importing the package loads no hardware or display library: pygame, gpiozero and smbus2 are
imported only by the modules that use them, so ``import facepacer`` works anywhere.
"""

__version__ = "0.1.0"
