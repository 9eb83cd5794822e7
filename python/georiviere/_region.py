"""Region profiles: how the river data of one region are read and understood.

A profile is a TOML file (see docs/regions.md) that sets the layer, field
mapping, class filter, flow-direction coding, ground levels, tolerances,
topology source, main-stem rule and karst links of a region. Built-in
presets cover BD TOPO, BD TOPAGE, BD CARTHAGE, OpenStreetMap, NHDPlus and
HydroRIVERS. Pass a profile to :func:`georiviere.build_network` with
``region=``.
"""

from __future__ import annotations

import os
from typing import Union

from georiviere import _georiviere

StrPath = Union[str, "os.PathLike[str]"]


class RegionProfile:
    """A resolved region profile, its base and overrides applied.

    Build one with :meth:`load`, :meth:`preset`, :meth:`from_toml` or
    :meth:`RegionCatalogue.resolve`. Profiles compare equal when every key
    is equal, and cannot be modified: edit the TOML text and parse it again.
    """

    def __init__(self, core: _georiviere.RegionProfile) -> None:
        """Wrap a compiled profile; use the class methods instead."""
        self._core = core

    @classmethod
    def load(cls, path: StrPath) -> "RegionProfile":
        """Read a profile file.

        Raises:
            InputFileNotFoundError: the file does not exist.
            ConfigError: an unknown key, a value of the wrong type or an
                impossible value; the message names the file, the line and
                the key.
        """
        return cls(_georiviere.RegionProfile.load(os.fsdecode(
            os.fspath(path))))

    @classmethod
    def preset(cls, name: str) -> "RegionProfile":
        """Return a built-in preset; raises ConfigError for an unknown name.
        """
        return cls(_georiviere.RegionProfile.preset(str(name)))

    @staticmethod
    def preset_names() -> list[str]:
        """Return the names of the built-in presets, sorted."""
        return list(_georiviere.RegionProfile.preset_names())

    @classmethod
    def from_toml(
        cls, text: str, source_name: str = "<string>"
    ) -> "RegionProfile":
        """Parse profile text.

        ``source_name`` names the text in error messages, and a relative
        ``base`` path is taken from its directory.
        """
        return cls(_georiviere.RegionProfile.parse(str(text), source_name))

    @property
    def name(self) -> str:
        """Region name: [region] name, or the file name without .toml."""
        return self._core.name

    @property
    def description(self) -> str:
        """One line about the region, empty when not given."""
        return self._core.description

    def to_toml(self) -> str:
        """Return the profile as TOML with every key written out.

        :meth:`from_toml` of the result gives an equal profile.
        """
        return self._core.to_toml()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RegionProfile):
            return NotImplemented
        return bool(self._core == other._core)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<georiviere.RegionProfile {self.name!r}>"


class RegionCatalogue:
    """Several regions in one file, each a base profile plus overrides.

    Every region is resolved when the file is loaded, so an error in any of
    them raises ConfigError from :meth:`load`.
    """

    def __init__(self, core: _georiviere.RegionCatalogue) -> None:
        """Wrap a compiled catalogue; use :meth:`load` instead."""
        self._core = core

    @classmethod
    def load(cls, path: StrPath) -> "RegionCatalogue":
        """Read a catalogue file; raises ConfigError or
        InputFileNotFoundError."""
        return cls(_georiviere.RegionCatalogue.load(os.fsdecode(
            os.fspath(path))))

    def names(self) -> list[str]:
        """Return the region names, sorted."""
        return list(self._core.names())

    def resolve(self, name: str) -> RegionProfile:
        """Return the named region's profile; raises ConfigError naming the
        catalogue and its regions for an unknown name."""
        return RegionProfile(self._core.resolve(str(name)))

    @property
    def source(self) -> str:
        """Path of the catalogue file."""
        return self._core.source

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, name: object) -> bool:
        return name in self.names()

    def __repr__(self) -> str:
        return (
            f"<georiviere.RegionCatalogue {self.source!r}: "
            f"{', '.join(self.names())}>"
        )


def resolve_region(region: Union[RegionProfile, StrPath]) -> RegionProfile:
    """Return the profile that ``region`` names.

    A RegionProfile is returned as it is. A path, or a string naming an
    existing file, containing a path separator or ending in ``.toml``, is
    read as a profile file. Any other string is a preset name. A catalogue
    file raises ConfigError: resolve its region with
    :meth:`RegionCatalogue.resolve`.
    """
    from georiviere._errors import ConfigError

    if isinstance(region, RegionProfile):
        return region
    if not isinstance(region, (str, os.PathLike)):
        raise TypeError(
            "region must be a RegionProfile, a preset name or the path of a "
            f"profile file, not {type(region).__name__}"
        )
    text = os.fsdecode(os.fspath(region))
    is_path = (
        not isinstance(region, str)
        or os.path.exists(text)
        or "/" in text
        or os.sep in text
        or text.endswith(".toml")
    )
    if not is_path:
        return RegionProfile.preset(text)
    if os.path.isfile(text) and _georiviere.is_region_catalogue(text):
        raise ConfigError(
            f"{text} is a catalogue; choose a region with "
            f"georiviere.RegionCatalogue.load({text!r}).resolve(NAME)"
        )
    return RegionProfile.load(text)
