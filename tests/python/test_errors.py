"""Exceptions: the C++ classes arrive as georiviere's Python classes."""

import pytest

import georiviere


def test_error_classes_derive_from_builtins():
    assert issubclass(georiviere.InputFileNotFoundError, FileNotFoundError)
    assert issubclass(georiviere.InputFileNotFoundError, georiviere.Error)
    assert issubclass(georiviere.InvalidInputError, ValueError)
    assert issubclass(georiviere.CrsError, georiviere.InvalidInputError)
    assert issubclass(georiviere.ConfigError, georiviere.InvalidInputError)
    assert issubclass(georiviere.IoError, OSError)
    assert issubclass(georiviere.CancelledError, georiviere.Error)


def test_missing_file_raises_file_not_found(tmp_path):
    missing = tmp_path / "missing.shp"
    with pytest.raises(FileNotFoundError) as caught:
        georiviere.build_network(missing)
    assert isinstance(caught.value, georiviere.Error)
    assert type(caught.value) is georiviere.InputFileNotFoundError
    assert "missing.shp" in str(caught.value)


def test_points_layer_raises_value_error(points_path):
    with pytest.raises(ValueError) as caught:
        georiviere.build_network(points_path)
    assert isinstance(caught.value, georiviere.InvalidInputError)
    assert not isinstance(caught.value, georiviere.CrsError)


def test_layer_without_crs_raises_crs_error(no_crs_path):
    with pytest.raises(georiviere.CrsError) as caught:
        georiviere.build_network(no_crs_path)
    assert isinstance(caught.value, ValueError)
    assert "no_crs" in str(caught.value)


def test_layer_without_crs_accepts_given_crs(no_crs_path):
    net = georiviere.build_network(no_crs_path, crs="EPSG:2154")
    assert len(net) == 3
    assert "Lambert-93" in net.crs_wkt


def test_geographic_working_crs_raises_crs_error(y_path):
    with pytest.raises(georiviere.CrsError):
        georiviere.build_network(y_path, crs="EPSG:4326")


def test_unknown_layer_raises_invalid_input(y_path):
    with pytest.raises(georiviere.InvalidInputError, match="rivieres"):
        georiviere.build_network(y_path, layer="rivieres")


def test_unknown_name_field_raises_invalid_input(y_path):
    with pytest.raises(georiviere.InvalidInputError, match="nom_riviere"):
        georiviere.build_network(y_path, name_field="nom_riviere")


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf")])
def test_invalid_snap_tolerance_raises(y_path, value):
    with pytest.raises(ValueError, match="snap_tolerance"):
        georiviere.build_network(y_path, snap_tolerance=value)


def test_invalid_crs_type_raises_type_error(y_path):
    with pytest.raises(TypeError, match="crs"):
        georiviere.build_network(y_path, crs=[2154])
