"""Exception classes of georiviere.

The compiled module translates each C++ exception of ``core/error.hpp`` to
the class of the same name here. Each class also derives from the matching
built-in exception, so ``except FileNotFoundError``, ``except ValueError``
and ``except OSError`` catch them as well as ``except georiviere.Error``.

This module imports nothing from the package, because the compiled module
imports it while ``georiviere/__init__.py`` is still running.
"""


class Error(Exception):
    """Base class of every exception that georiviere raises."""


class InputFileNotFoundError(Error, FileNotFoundError):
    """An input file or directory does not exist."""


class InvalidInputError(Error, ValueError):
    """The input exists but cannot be used.

    Raised for an unknown layer or field, an empty layer, a layer of points
    or polygons, NaN coordinates or an invalid option value.
    """


class CrsError(InvalidInputError):
    """The coordinate reference system is missing, unknown or unsuitable."""


class ConfigError(InvalidInputError):
    """A configuration file or option set is invalid."""


class IoError(Error, OSError):
    """Reading or writing a dataset failed, or an output already exists."""


class CancelledError(Error):
    """The progress callback returned False and the operation stopped."""
