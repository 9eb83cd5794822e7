"""Linear referencing from Python: rivers, located points, network
distances, segments and events, on the inline Y network and real data."""

import math
import threading

import numpy as np
import pytest

import georiviere
from inline_inputs import X0, Y0

# In the Y network with names, "Le Bief" is lines 0 (141.42 m) then 2
# (100 m, flowing south along x = 100), and "La Combe" is line 1 (70.71 m).
BIEF_LENGTH = 100.0 * math.sqrt(2.0) + 100.0
COMBE_LENGTH = 50.0 * math.sqrt(2.0)


@pytest.fixture
def y_network(y_path):
    return georiviere.build_network(y_path, name_field="nom")


def river_named(network, name):
    return georiviere.find_rivers(network, name)[0]


def test_rivers_of_named_network(y_network):
    rivers = y_network.rivers()
    assert sorted(river.name for river in rivers) == ["La Combe", "Le Bief"]
    bief = river_named(y_network, "Le Bief")
    assert len(bief.reach_ids) == 2
    assert bief.length_m == pytest.approx(BIEF_LENGTH)
    assert bief.reach_starts_m.tolist() == pytest.approx(
        [0.0, 100.0 * math.sqrt(2.0)])
    assert bief.reach_ends_m[-1] == pytest.approx(BIEF_LENGTH)
    assert bief.mouth_distance_to_outlet_m == 0.0
    combe = river_named(y_network, "La Combe")
    assert combe.length_m == pytest.approx(COMBE_LENGTH)
    assert combe.mouth_distance_to_outlet_m == pytest.approx(100.0)


def test_river_position_by_measure(y_network):
    bief = river_named(y_network, "Le Bief")
    reach, measure = bief.position(BIEF_LENGTH - 50.0)
    assert reach == bief.reach_ids[1]
    assert measure == pytest.approx(50.0)
    with pytest.raises(ValueError):
        bief.position(BIEF_LENGTH + 1.0)


def test_find_rivers_by_id_and_unknown(y_network):
    bief = river_named(y_network, "Le Bief")
    found = georiviere.find_rivers(y_network, bief.main_stem_id)
    assert [river.main_stem_id for river in found] == [bief.main_stem_id]
    assert found[0].name == "Le Bief"
    with pytest.raises(georiviere.InvalidInputError, match="'Yzeron'"):
        georiviere.find_rivers(y_network, "Yzeron")


def test_find_rivers_suggests_names(y_network, y_path):
    with pytest.raises(georiviere.InvalidInputError,
                       match="did you mean 'Le Bief'\\?"):
        georiviere.find_rivers(y_network, "le bief")
    with pytest.raises(georiviere.InvalidInputError,
                       match="did you mean 'La Combe'\\?"):
        georiviere.find_rivers(y_network, "combe")
    unnamed = georiviere.build_network(y_path)
    with pytest.raises(georiviere.InvalidInputError,
                       match="no names because no name field was read"):
        georiviere.find_rivers(unnamed, "Le Bief")


def test_locate_point_fields(y_network):
    # 10 m east of line 2, which flows south: the left bank.
    found = georiviere.locate(y_network, [(X0 + 110.0, Y0 + 50.0)],
                              max_distance_m=20.0)
    bief = river_named(y_network, "Le Bief")
    assert found["status"].tolist() == ["located"]
    assert found["reach_id"][0] == bief.reach_ids[1]
    assert found["reach_measure_m"][0] == pytest.approx(50.0)
    assert found["offset_m"][0] == pytest.approx(10.0)
    assert found["side"][0] == "left"
    assert found["river_name"][0] == "Le Bief"
    assert found["main_stem_id"][0] == bief.main_stem_id
    assert found["distance_from_source_m"][0] == pytest.approx(
        BIEF_LENGTH - 50.0)
    assert found["distance_to_mouth_m"][0] == pytest.approx(50.0)
    assert found["distance_to_outlet_m"][0] == pytest.approx(50.0)
    assert found["kilometre_point"][0] == pytest.approx(0.05)
    assert found["snapped_x"][0] == pytest.approx(X0 + 100.0)
    assert found["reason"][0] == ""


def test_locate_far_point_not_forced(y_network):
    found = georiviere.locate(
        y_network, np.array([[X0 + 400.0, Y0 + 50.0], [X0 + 95.0, Y0]]),
        max_distance_m=20.0)
    assert found["status"].tolist() == ["beyond_max_distance", "located"]
    assert found["reach_id"][0] == -1
    assert math.isnan(found["reach_measure_m"][0])
    # The nearest reach end is the source of line 1 at (150, 150).
    assert found["nearest_distance_m"][0] == pytest.approx(
        math.hypot(250.0, 100.0))
    assert "no reach within 20.000 m" in found["reason"][0]
    # West of a reach flowing south: the right bank.
    assert found["side"][1] == "right"


def test_locate_region_kilometre_points(y_network):
    # bdtopage: 1000 km at the mouth, decreasing upstream.
    found = georiviere.locate(y_network, [(X0 + 110.0, Y0 + 50.0)],
                              max_distance_m=20.0, region="bdtopage")
    assert found["kilometre_point"][0] == pytest.approx(999.95)


def test_locate_rejects_bad_input(y_network):
    with pytest.raises(ValueError, match="shape"):
        georiviere.locate(y_network, [1.0, 2.0, 3.0])
    with pytest.raises(georiviere.InvalidInputError,
                       match="invalid maximum distance -1: "):
        georiviere.locate(y_network, [(X0, Y0)], max_distance_m=-1.0)
    empty = georiviere.locate(y_network, [])
    assert len(empty["status"]) == 0


def test_locate_reports_progress(y_network):
    stages = []
    georiviere.locate(y_network, [(X0 + 110.0, Y0 + 50.0)],
                      progress=lambda stage, fraction: stages.append(stage))
    assert "locating points" in stages
    with pytest.raises(georiviere.CancelledError):
        georiviere.locate(y_network, [(X0, Y0)],
                          progress=lambda stage, fraction: False)


def test_locate_from_threads(y_network):
    points = [(X0 + 110.0, Y0 + y) for y in range(1, 100)]
    expected = georiviere.locate(y_network, points)["reach_measure_m"]
    results = []

    def work():
        results.append(georiviere.locate(y_network, points)["reach_measure_m"])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    for result in results:
        np.testing.assert_array_equal(result, expected)


def test_network_distance_relations(y_network):
    bief = river_named(y_network, "Le Bief")
    combe = river_named(y_network, "La Combe")
    upper, lower = (int(r) for r in bief.reach_ids)
    tributary = int(combe.reach_ids[0])

    down = georiviere.network_distance(y_network, tributary, 20.0, lower,
                                       50.0)
    assert down["relation"] == "upstream"
    assert down["distance_m"] == pytest.approx(COMBE_LENGTH - 20.0 + 50.0)
    assert down["path"].tolist() == [tributary, lower]

    siblings = georiviere.network_distance(y_network, tributary, 20.0,
                                           upper, 100.0)
    assert siblings["relation"] == "unrelated"
    assert siblings["distance_m"] == pytest.approx(
        COMBE_LENGTH - 20.0 + 100.0 * math.sqrt(2.0) - 100.0)
    with pytest.raises(IndexError):
        georiviere.network_distance(y_network, 99, 0.0, lower, 0.0)


def test_network_distance_other_basin(tmp_path):
    network = georiviere.build_network_from_wkt(
        ["LINESTRING (0 0, 0 100)", "LINESTRING (500 0, 500 100)"])
    result = georiviere.network_distance(network, 0, 10.0, 1, 10.0)
    assert result["relation"] == "not_connected"
    assert math.isnan(result["distance_m"])
    assert "different basins" in result["reason"]


def test_segment_lengths_add_up(y_network):
    segments = georiviere.segment(y_network, 30.0)
    for river in y_network.rivers():
        mine = segments["main_stem_id"] == river.main_stem_id
        assert segments["length_m"][mine].sum() == pytest.approx(
            river.length_m)
        assert (segments["length_m"][mine] <= 30.0 + 1e-9).all()
        assert segments["segment_index"][mine].tolist() == list(
            range(int(mine.sum())))
    assert len(segments["geometry"]) == len(segments["length_m"])
    assert segments["geometry"][0].startswith("LINESTRING")
    assert list(segments)[0] == "segment_id"
    assert segments["segment_id"].tolist() == list(
        range(len(segments["length_m"])))


def test_locate_rejects_path(y_network, tmp_path):
    with pytest.raises(TypeError, match="not the path"):
        georiviere.locate(y_network, str(tmp_path / "points.gpkg"))
    with pytest.raises(TypeError, match="run 'georiviere locate'"):
        georiviere.locate(y_network, tmp_path / "points.gpkg")


def test_segment_balanced_and_confluences(y_network):
    balanced = georiviere.segment(y_network, 100.0, balanced=True)
    bief = balanced["river_name"] == "Le Bief"
    assert balanced["length_m"][bief].tolist() == pytest.approx(
        [BIEF_LENGTH / 3] * 3)
    at_confluences = georiviere.segment(y_network, at_confluences=True)
    bief = at_confluences["river_name"] == "Le Bief"
    assert at_confluences["length_m"][bief].tolist() == pytest.approx(
        [100.0 * math.sqrt(2.0), 100.0])
    with pytest.raises(georiviere.InvalidInputError, match="'missing'"):
        georiviere.segment(y_network, 10.0, attribute="missing")


def test_split_event_keeps_attributes():
    event = georiviere.LinearEvent(
        3, 3200.0, 4700.0,
        {"class": "riffle", "width_m": 12.5, "year": 2024, "note": None})
    upstream, downstream = georiviere.split_event(event, 4000.0)
    assert (upstream.start_m, upstream.end_m) == (3200.0, 4000.0)
    assert (downstream.start_m, downstream.end_m) == (4000.0, 4700.0)
    assert upstream.attributes == event.attributes
    assert downstream.attributes == event.attributes
    assert downstream.main_stem_id == 3
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.split_event(event, 5000.0)


def test_merge_events_rules():
    riffle = {"class": "riffle"}
    events = [
        georiviere.LinearEvent(1, 100.0, 200.0, riffle),
        georiviere.LinearEvent(1, 0.0, 100.0, riffle),
        georiviere.LinearEvent(1, 200.0, 300.0, {"class": "pool"}),
    ]
    merged = georiviere.merge_events(events)
    assert [(e.start_m, e.end_m) for e in merged] == [(0.0, 200.0),
                                                      (200.0, 300.0)]
    joined = georiviere.merge_events(events, rule="join_values")
    assert len(joined) == 1
    assert joined[0].attributes == {"class": "riffle; pool"}
    with pytest.raises(georiviere.InvalidInputError, match="merge rule"):
        georiviere.merge_events(events, rule="longest")


def test_yzeron_measures_and_segments(shared_data):
    path = shared_data / "vector" / "yzeron" / "hydrography3.shp"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    network = georiviere.build_network(path, snap_tolerance=1.0,
                                       name_field="nom")
    rivers = network.rivers()
    assert len(rivers) > 10
    for river in rivers:
        assert (np.diff(river.reach_starts_m) > 0.0).all()
        np.testing.assert_allclose(river.reach_starts_m[1:],
                                   river.reach_ends_m[:-1])
    segments = georiviere.segment(network, 250.0)
    for river in rivers:
        mine = segments["main_stem_id"] == river.main_stem_id
        assert segments["length_m"][mine].sum() == pytest.approx(
            river.length_m, abs=1e-6)
    # Vertices of the longest river, located back on it, have measures
    # that grow downstream.
    longest = max(rivers, key=lambda river: river.length_m)
    points = np.concatenate([
        network.reach_geometry(int(reach)).xy for reach in longest.reach_ids])
    found = georiviere.locate(network, points, max_distance_m=0.01)
    on_river = found["main_stem_id"] == longest.main_stem_id
    assert on_river.mean() > 0.95
    measures = found["distance_from_source_m"][on_river]
    assert (np.diff(measures) >= -1e-6).all()
