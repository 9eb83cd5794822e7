"""Tests of region profiles from Python: loading, presets, catalogues and
build_network(region=...)."""

import threading
import tomllib

import pytest

import georiviere
from conftest import SHARED_DATA
from inline_inputs import X0, Y0, line_strings, write_geojson

# Two streams: one sinks at (10, 0), the other resurges at (100, 0).
KARST_LINES = [[(0.0, 0.0), (10.0, 0.0)], [(100.0, 0.0), (200.0, 0.0)]]

KARST_PROFILE = f"""
[region]
base = "generic"
[crs]
epsg = 2154
[[karst.links]]
name = "Perte"
sink = [{X0 + 10.0}, {Y0}]
resurgence = [{X0 + 100.0}, {Y0}]
"""


def require_data(relative):
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"no real data at {path}")
    return path


def test_preset_names_sorted():
    names = georiviere.RegionProfile.preset_names()
    assert names == sorted(names)
    assert {"bdtopo", "bdtopo_v2", "osm", "nhdplus"} <= set(names)


def test_preset_round_trips_through_toml():
    profile = georiviere.RegionProfile.preset("nhdplus")
    assert profile.name == "nhdplus"
    assert "NHDPlus" in profile.description
    text = profile.to_toml()
    assert tomllib.loads(text)["topology"]["from_node_field"] == "FromNode"
    assert georiviere.RegionProfile.from_toml(text) == profile
    assert georiviere.RegionProfile.preset("osm") != profile


def test_unknown_preset_raises_config_error():
    with pytest.raises(georiviere.ConfigError, match="did you mean 'osm'"):
        georiviere.RegionProfile.preset("osn")


def test_config_error_is_value_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[topology]\nsnap_tolerance_m = -1.0\n')
    with pytest.raises(ValueError) as raised:
        georiviere.RegionProfile.load(path)
    assert isinstance(raised.value, georiviere.ConfigError)
    assert isinstance(raised.value, georiviere.InvalidInputError)
    assert f"{path}:2" in str(raised.value)
    assert "snap_tolerance_m" in str(raised.value)


def test_missing_profile_file():
    with pytest.raises(georiviere.InputFileNotFoundError):
        georiviere.RegionProfile.load("/nonexistent/profile.toml")


def test_load_takes_name_from_file(tmp_path):
    path = tmp_path / "causse.toml"
    path.write_text(KARST_PROFILE)
    profile = georiviere.RegionProfile.load(path)
    assert profile.name == "causse"
    links = tomllib.loads(profile.to_toml())["karst"]["links"]
    assert [link["name"] for link in links] == ["Perte"]


def test_catalogue_resolves_regions(tmp_path):
    path = tmp_path / "parc.toml"
    path.write_text(
        '[regions.jura]\nbase = "bdtopo"\n[regions.jura.topology]\n'
        'snap_tolerance_m = 2.0\n[regions.plaine]\nbase = "generic"\n')
    catalogue = georiviere.RegionCatalogue.load(path)
    assert catalogue.names() == ["jura", "plaine"]
    assert len(catalogue) == 2
    assert "jura" in catalogue
    jura = catalogue.resolve("jura")
    assert jura.name == "jura"
    topology = tomllib.loads(jura.to_toml())["topology"]
    assert topology["snap_tolerance_m"] == 2.0
    with pytest.raises(georiviere.ConfigError, match="plaine"):
        catalogue.resolve("camargue")


def test_catalogue_path_as_region_raises(tmp_path):
    path = tmp_path / "parc.toml"
    path.write_text('[regions.plaine]\nbase = "generic"\n')
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    with pytest.raises(georiviere.ConfigError, match="RegionCatalogue"):
        georiviere.build_network(source, region=path)


def test_karst_link_joins_basins(tmp_path):
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    plain = georiviere.build_network(source, region="generic")
    assert len(set(plain.reaches["basin_id"])) == 2
    assert plain.region_report["karst_links_added"] == 0

    profile_path = tmp_path / "causse.toml"
    profile_path.write_text(KARST_PROFILE)
    for region in (profile_path, str(profile_path),
                   georiviere.RegionProfile.load(profile_path)):
        net = georiviere.build_network(source, region=region)
        assert len(net) == 3
        assert list(net.reaches["is_virtual"]) == [False, False, True]
        assert len(set(net.reaches["basin_id"])) == 1
        assert net.region_report["karst_links_added"] == 1


def test_without_region_no_report(tmp_path):
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    assert georiviere.build_network(source).region_report is None


def test_arguments_override_profile(tmp_path):
    # Ends 0.4 m apart: joined with the profile's 0.5 m snap tolerance,
    # left apart with snap_tolerance=0.
    source = write_geojson(
        tmp_path / "lines.geojson",
        line_strings([[(0.0, 0.0), (10.0, 0.0)], [(10.4, 0.0), (20.0, 0.0)]]))
    profile = georiviere.RegionProfile.from_toml(
        '[region]\nname = "test"\nbase = "generic"\n[crs]\nepsg = 2154\n'
        '[topology]\nsnap_tolerance_m = 0.5\n')
    joined = georiviere.build_network(source, region=profile)
    assert len(joined) == 1
    assert joined.region_report["snap_tolerance_m"] == 0.5
    apart = georiviere.build_network(source, region=profile,
                                     snap_tolerance=0)
    assert len(apart) == 2
    assert apart.region_report["snap_tolerance_m"] == 0.0


def test_build_releases_gil(tmp_path):
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.0005)

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        for _ in range(20):
            georiviere.build_network(source, region="generic")
    finally:
        stop.set()
        thread.join()
    assert ticks


# Real data: what each preset changes.

def test_culet_directions_from_z_fields():
    source = require_data("vector/culet/network0.gml")
    net = georiviere.build_network(source, region="bdtopo_v2")
    report = net.region_report
    assert report["reversed_by_z_fields"] == 9
    assert report["lines_reversed"] == 9
    assert report["unknown_direction"] == 0
    # The preset supplies the Lambert-93 CRS that the file lacks.
    assert "Lambert-93" in net.crs_wkt
    # "NR" marks unnamed streams: no reach keeps it as a name.
    assert "NR" not in set(net.reaches["name"])
    assert "ruisseau de culet" in set(net.reaches["name"])


def test_yzeron_unnamed_values():
    source = require_data("vector/yzeron/hydrography3.shp")
    profile = georiviere.RegionProfile.from_toml(
        '[region]\nname = "yzeron"\nbase = "bdtopo_v2"\n[direction]\n'
        'chain = ["digitized"]\nz_start_field = ""\nz_end_field = ""\n')
    net = georiviere.build_network(source, region=profile)
    names = set(net.reaches["name"])
    assert "NR" not in names
    assert "" in names
    plain = georiviere.build_network(source, snap_tolerance=0.5,
                                     name_field="nom")
    assert "NR" in set(plain.reaches["name"])
    assert len(plain) == len(net)


def test_liechtenstein_osm_classes():
    source = require_data(
        "vector/liechtenstein/liechtenstein-2013-08-03.osm.pbf")
    net = georiviere.build_network(source, region="osm")
    report = net.region_report
    assert report["dropped_by_value"] == {"waterway=riverbank": 2,
                                          "waterway=dam": 1}
    assert report["lines_artificial"] == 25
    assert report["lines_kept"] == 48
    assert report["lines_below"] == 10
    waterways = set(net.reach_attributes["waterway"])
    assert "riverbank" not in waterways
    assert "dam" not in waterways


def test_walker_trusted_topology():
    source = require_data("vector/walker/walker.gpkg")
    net = georiviere.build_network(source, region="nhdplus")
    report = net.region_report
    assert report["topology_mode"] == "from_to_nodes"
    assert report["topology_mismatches"] == 0
    assert len(net) == 51
    assert not any(p.kind == "topology_mismatch" for p in net.problems)
    kinds = list(net.nodes["kind"])
    assert kinds.count("outlet") == 1
