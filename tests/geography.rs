//! Geography: DfE distance, grid <-> lat/long, boundary containment, in/out
//! of area and the spatial index.

use placement_planner::geography::convert::{osgb_metres_to_wgs84, wgs84_to_osgb_metres};
use placement_planner::geography::{
    dfe_distance_between, dfe_distance_miles, osgb_to_wgs84, wgs84_to_osgb, within_20_miles,
    AreaJudge, AreaStatus, Boundary, BoundaryError, Containment, DistanceBand, SpatialIndex,
    WITHIN_MILES,
};
use placement_planner::model::postcode::{GridRef, Postcode, PostcodeEntry};

fn g(e: i32, n: i32) -> GridRef {
    GridRef::new(e, n)
}

// ---------------------------------------------------------------- distance

#[test]
fn distance_aylesbury_to_milton_keynes() {
    // de = 3500, dn = 25000: sqrt(3500² + 25000²) = sqrt(12,250,000 + 625,000,000)
    // = sqrt(637,250,000) = 25243.81 m; / 1000 / 1.6093 = 15.6862 miles → 15.7.
    let d = dfe_distance_miles(Some(g(482_000, 213_500)), Some(g(485_500, 238_500)));
    assert_eq!(d, Some(15.7));
    // Symmetric.
    let back = dfe_distance_miles(Some(g(485_500, 238_500)), Some(g(482_000, 213_500)));
    assert_eq!(back, d);
}

#[test]
fn distance_three_four_five() {
    // 30 km east, 40 km north = 50,000 m; 50 / 1.6093 = 31.0694 → 31.1.
    let d = dfe_distance_miles(Some(g(480_000, 210_000)), Some(g(510_000, 250_000)));
    assert_eq!(d, Some(31.1));
}

#[test]
fn distance_same_postcode_is_a_known_zero() {
    let here = Some(g(482_000, 213_500));
    assert_eq!(dfe_distance_miles(here, here), Some(0.0));
    assert_eq!(within_20_miles(Some(0.0)), Some(true));
}

#[test]
fn distance_rounding_either_side_of_x_x5() {
    // 15.65 miles = 1609.3 × 15.65 = 25185.545 m.
    // 25185 m / 1609.3 = 15.64966 → 15.6; 25186 m / 1609.3 = 15.65028 → 15.7.
    let o = Some(g(400_000, 200_000));
    assert_eq!(dfe_distance_miles(o, Some(g(425_185, 200_000))), Some(15.6));
    assert_eq!(dfe_distance_miles(o, Some(g(425_186, 200_000))), Some(15.7));
    // 0.05 miles = 80.465 m: 80 m = 0.04971 → 0.0; 81 m = 0.05033 → 0.1.
    assert_eq!(dfe_distance_miles(o, Some(g(400_000, 200_080))), Some(0.0));
    assert_eq!(dfe_distance_miles(o, Some(g(400_000, 200_081))), Some(0.1));
}

#[test]
fn twenty_miles_or_less_is_judged_on_the_rounded_figure() {
    assert_eq!(WITHIN_MILES, 20.0);
    assert_eq!(within_20_miles(Some(20.0)), Some(true));
    assert_eq!(within_20_miles(Some(20.1)), Some(false));
    assert_eq!(within_20_miles(Some(19.9)), Some(true));

    let o = Some(g(400_000, 200_000));
    // 20 miles = 1609.3 × 20 = 32186 m exactly → 20.0 → within.
    let exactly = dfe_distance_miles(o, Some(g(432_186, 200_000)));
    assert_eq!(exactly, Some(20.0));
    assert_eq!(within_20_miles(exactly), Some(true));
    // 20.05 miles = 32266.465 m. 32266 m = 20.04971 → 20.0 → within;
    // 32267 m = 20.05033 → 20.1 → over.
    let just_in = dfe_distance_miles(o, Some(g(432_266, 200_000)));
    let just_out = dfe_distance_miles(o, Some(g(432_267, 200_000)));
    assert_eq!(just_in, Some(20.0));
    assert_eq!(just_out, Some(20.1));
    assert_eq!(DistanceBand::of(just_in), DistanceBand::WithinTwenty);
    assert_eq!(DistanceBand::of(just_out), DistanceBand::OverTwenty);
    assert_eq!(DistanceBand::of(just_out).label(), "Over 20 miles");
}

#[test]
fn unknown_distance_is_none_never_zero() {
    let here = Some(g(482_000, 213_500));
    assert_eq!(dfe_distance_miles(None, here), None);
    assert_eq!(dfe_distance_miles(here, None), None);
    assert_eq!(dfe_distance_miles(None, None), None);
    assert_eq!(within_20_miles(None), None);
    assert_eq!(DistanceBand::of(None), DistanceBand::NotKnown);
    assert_eq!(DistanceBand::of(None).label(), "Not known");

    // Entries: none, or an entry with no location at all.
    let nowhere = entry("HP19 8FF", None, Some("E06000060"), None);
    let there = entry(
        "MK9 3HS",
        Some(g(485_500, 238_500)),
        Some("E06000042"),
        None,
    );
    assert_eq!(dfe_distance_between(None, Some(&there)), None);
    assert_eq!(dfe_distance_between(Some(&nowhere), Some(&there)), None);
    let home = entry(
        "HP20 1UA",
        Some(g(482_000, 213_500)),
        Some("E06000060"),
        None,
    );
    assert_eq!(dfe_distance_between(Some(&home), Some(&there)), Some(15.7));
}

#[test]
fn distance_uses_lat_long_when_the_grid_is_missing() {
    // TP09 of the OS OSTN15 test set (see conversion tests): converted grid is
    // within a few metres, so the distance to a point 10 km due north of the
    // published grid ref is 10,000 m / 1609.3 = 6.2138 → 6.2.
    let mut e = entry("SE1 7PB", None, Some("E09000022"), None);
    e.latitude = Some(51.48936565);
    e.longitude = Some(-0.119925572);
    let north = entry("N1 1AA", Some(g(530_625, 188_388)), None, None);
    assert_eq!(dfe_distance_between(Some(&e), Some(&north)), Some(6.2));
}

// ---------------------------------------------------------------- conversion

/// Points from the Ordnance Survey's OSTN15/OSGM15 developer pack test data
/// (files OSTN15_OSGM15_TestInput_ETRStoOSGB.csv and
/// OSTN15_OSGM15_TestOutput_ETRStoOSGB.csv, published by OS with OSTN15):
/// (point, ETRS89 latitude, ETRS89 longitude, OSGB36 easting, northing).
/// OSTN15 is the OS's definitive transformation; the Helmert shift used here
/// should agree to within about 5 m. ETRS89 and WGS84 agree to under a metre.
const OS_TEST_POINTS: [(&str, f64, f64, f64, f64); 6] = [
    ("TP05", 50.93127938, -1.450514337, 438_710.920, 114_792.250),
    ("TP09", 51.48936565, -0.119925572, 530_624.974, 178_388.464),
    ("TP13", 52.25160951, -0.91248957, 474_335.969, 262_047.755),
    ("TP15", 52.96219109, -1.197476559, 454_002.834, 340_834.943),
    ("TP20", 53.8002152, -1.663791682, 422_242.186, 433_818.701),
    ("TP25", 54.97912274, -1.616576852, 424_639.355, 565_012.703),
];

/// Ground distance in metres between two nearby lat/long points.
fn metres_apart(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let dy = (lat1 - lat2) * 111_320.0;
    let dx = (lon1 - lon2) * 111_320.0 * lat1.to_radians().cos();
    (dx * dx + dy * dy).sqrt()
}

#[test]
fn wgs84_to_grid_matches_ordnance_survey_test_points() {
    for (id, lat, lon, e, n) in OS_TEST_POINTS {
        let (ge, gn) = wgs84_to_osgb_metres(lat, lon).unwrap();
        let off = ((ge - e).powi(2) + (gn - n).powi(2)).sqrt();
        assert!(off < 5.0, "{id}: {off:.2} m off ({ge:.1}, {gn:.1})");
        let grid = wgs84_to_osgb(lat, lon).unwrap();
        assert!((f64::from(grid.easting) - e).abs() < 5.5, "{id}");
        assert!((f64::from(grid.northing) - n).abs() < 5.5, "{id}");
    }
}

#[test]
fn grid_to_wgs84_matches_ordnance_survey_test_points() {
    for (id, lat, lon, e, n) in OS_TEST_POINTS {
        let (glat, glon) = osgb_metres_to_wgs84(e, n).unwrap();
        let off = metres_apart(lat, lon, glat, glon);
        assert!(off < 5.0, "{id}: {off:.2} m off");
        assert!(
            (glat - lat).abs() < 0.0001 && (glon - lon).abs() < 0.0001,
            "{id}"
        );
        // Whole-metre grid refs, as the postcode directory holds them.
        let (rlat, rlon) = osgb_to_wgs84(g(e.round() as i32, n.round() as i32));
        assert!(metres_apart(lat, lon, rlat, rlon) < 5.5, "{id}");
    }
}

#[test]
fn conversion_round_trips() {
    for grid in [
        g(482_000, 213_500),
        g(485_500, 238_500),
        g(91_492, 11_319),
        g(655_000, 300_000),
        g(330_000, 1_000_000),
    ] {
        let (lat, lon) = osgb_to_wgs84(grid);
        assert_eq!(wgs84_to_osgb(lat, lon), Some(grid), "{grid:?}");
    }
    for (lat, lon) in [(51.8156, -0.8084), (52.0406, -0.7594), (54.5, -3.0)] {
        let (e, n) = wgs84_to_osgb_metres(lat, lon).unwrap();
        let (lat2, lon2) = osgb_metres_to_wgs84(e, n).unwrap();
        // Within 1e-7° (about 1 cm): the datum shift's inverse is iterative.
        assert!((lat - lat2).abs() < 1e-7 && (lon - lon2).abs() < 1e-7);
    }
}

// ---------------------------------------------------------------- boundary

/// A 10 km square (400,000–410,000 E, 200,000–210,000 N) with a 2 km square
/// hole in the middle (404,000–406,000 E, 204,000–206,000 N).
const SQUARE_WITH_HOLE: &str = r#"{"type": "Feature", "properties": {"code": "E06000001"},
  "geometry": {"type": "Polygon", "coordinates": [
    [[400000, 200000], [410000, 200000], [410000, 210000], [400000, 210000], [400000, 200000]],
    [[404000, 204000], [406000, 204000], [406000, 206000], [404000, 206000], [404000, 204000]]
  ]}}"#;

#[test]
fn square_inside_outside_edge_vertex_hole() {
    let b = Boundary::from_geojson(SQUARE_WITH_HOLE, Some("E06000001")).unwrap();
    assert_eq!(b.locate(g(402_000, 202_000)), Containment::Inside);
    assert!(b.contains(g(402_000, 202_000)));
    assert_eq!(b.locate(g(411_000, 205_000)), Containment::Outside);
    assert!(!b.contains(g(411_000, 205_000)));
    // Exactly on an edge and exactly on a vertex: on the boundary = outside.
    assert_eq!(b.locate(g(405_000, 200_000)), Containment::OnBoundary);
    assert!(!b.contains(g(405_000, 200_000)));
    assert_eq!(b.locate(g(410_000, 210_000)), Containment::OnBoundary);
    assert!(!b.contains(g(410_000, 210_000)));
    // One metre either side of the west edge.
    assert!(b.contains(g(400_001, 205_000)));
    assert!(!b.contains(g(399_999, 205_000)));
    // Inside the hole is outside; the hole's edge is on the boundary.
    assert_eq!(b.locate(g(405_000, 205_000)), Containment::Outside);
    assert_eq!(b.locate(g(404_000, 205_000)), Containment::OnBoundary);
    assert!(!b.contains(g(404_000, 205_000)));

    assert_eq!(b.bbox(), (g(400_000, 200_000), g(410_000, 210_000)));
    assert_eq!(
        b.rings(),
        vec![vec![
            g(400_000, 200_000),
            g(410_000, 200_000),
            g(410_000, 210_000),
            g(400_000, 210_000),
            g(400_000, 200_000)
        ]]
    );
    assert_eq!(b.holes().len(), 1);
}

/// An L shape: a 10 km square with its north-east 6 km × 6 km quarter cut
/// away. Vertices relative to (400,000, 200,000): (0,0) (10,0) (10,4) (4,4)
/// (4,10) (0,10) km; (4,4) is the reflex corner.
const L_SHAPE: &str = r#"{"type": "Polygon", "coordinates": [[
    [400000, 200000], [410000, 200000], [410000, 204000], [404000, 204000],
    [404000, 210000], [400000, 210000], [400000, 200000]]]}"#;

#[test]
fn concave_l_shape() {
    let b = Boundary::from_geojson(L_SHAPE, None).unwrap();
    // Both arms are inside.
    assert_eq!(b.locate(g(402_000, 208_000)), Containment::Inside);
    assert_eq!(b.locate(g(408_000, 202_000)), Containment::Inside);
    // The cut-away notch is inside the bounding box but outside the shape.
    assert_eq!(b.locate(g(407_000, 207_000)), Containment::Outside);
    assert!(!b.contains(g(407_000, 207_000)));
    // The reflex vertex and the notch's edges are on the boundary.
    assert_eq!(b.locate(g(404_000, 204_000)), Containment::OnBoundary);
    assert_eq!(b.locate(g(406_000, 204_000)), Containment::OnBoundary);
    assert_eq!(b.locate(g(404_000, 207_000)), Containment::OnBoundary);
    assert!(!b.contains(g(404_000, 207_000)));
    // Just inside the reflex corner.
    assert!(b.contains(g(403_999, 203_999)));
    assert!(!b.contains(g(404_001, 204_001)));
}

/// The square's corners as WGS84 lon/lat, through the converter.
fn square_lon_lat(e0: f64, n0: f64, size: f64) -> String {
    let corners = [
        (e0, n0),
        (e0 + size, n0),
        (e0 + size, n0 + size),
        (e0, n0 + size),
        (e0, n0),
    ];
    let pts: Vec<String> = corners
        .iter()
        .map(|&(e, n)| {
            let (lat, lon) = osgb_metres_to_wgs84(e, n).unwrap();
            format!("[{lon:.10}, {lat:.10}]")
        })
        .collect();
    format!(
        r#"{{"type": "Polygon", "coordinates": [[{}]]}}"#,
        pts.join(", ")
    )
}

#[test]
fn wgs84_boundary_is_converted_to_the_grid() {
    let text = square_lon_lat(400_000.0, 200_000.0, 10_000.0);
    assert!(text.contains("-1.") || text.contains("-2."), "{text}");
    let b = Boundary::from_geojson(&text, None).unwrap();
    // Vertices come back to the metre.
    assert_eq!(b.bbox(), (g(400_000, 200_000), g(410_000, 210_000)));
    assert_eq!(b.rings()[0][2], g(410_000, 210_000));
    assert!(b.contains(g(400_010, 205_000)));
    assert!(!b.contains(g(399_990, 205_000)));
    assert!(b.contains(g(409_990, 209_990)));
    assert!(!b.contains(g(410_010, 205_000)));
}

#[test]
fn picks_the_council_from_a_feature_collection_by_code() {
    let a = square_lon_lat(400_000.0, 200_000.0, 10_000.0);
    let b = square_lon_lat(450_000.0, 250_000.0, 10_000.0);
    let fc = format!(
        r#"{{"type": "FeatureCollection", "features": [
        {{"type": "Feature", "properties": {{"CTYUA24CD": "E06000060", "CTYUA24NM": "Buckinghamshire"}}, "geometry": {a}}},
        {{"type": "Feature", "properties": {{"Code": "E10000025", "name": "Oxfordshire"}}, "geometry": {b}}}
        ]}}"#
    );
    let bucks = Boundary::from_geojson(&fc, Some("E06000060")).unwrap();
    assert!(bucks.contains(g(405_000, 205_000)));
    assert!(!bucks.contains(g(455_000, 255_000)));
    // Code compared ignoring case; a key named "code" in any case counts.
    let oxon = Boundary::from_geojson(&fc, Some("e10000025")).unwrap();
    assert!(oxon.contains(g(455_000, 255_000)));
    assert!(!oxon.contains(g(405_000, 205_000)));

    let err = Boundary::from_geojson(&fc, Some("E08000025")).unwrap_err();
    assert_eq!(
        err,
        BoundaryError::FeatureNotFound {
            code: "E08000025".into(),
            found: vec!["E06000060".into(), "E10000025".into()]
        }
    );
    let message = err.to_string();
    assert!(message.contains("E08000025"), "{message}");
    assert!(message.contains("E06000060, E10000025"), "{message}");

    // Without a code, two areas are ambiguous.
    assert!(matches!(
        Boundary::from_geojson(&fc, None),
        Err(BoundaryError::Ambiguous { .. })
    ));
}

#[test]
fn multipolygon_inside_any_part() {
    let text = r#"{"type": "MultiPolygon", "coordinates": [
        [[[400000, 200000], [401000, 200000], [401000, 201000], [400000, 201000], [400000, 200000]]],
        [[[500000, 300000], [501000, 300000], [501000, 301000], [500000, 301000], [500000, 300000]]]
    ]}"#;
    let b = Boundary::from_geojson(text, Some("E06000060")).unwrap();
    assert!(b.contains(g(400_500, 200_500)));
    assert!(b.contains(g(500_500, 300_500)));
    assert!(!b.contains(g(450_000, 250_000)));
    assert_eq!(b.locate(g(501_000, 300_500)), Containment::OnBoundary);
    assert_eq!(b.rings().len(), 2);
    assert_eq!(b.bbox(), (g(400_000, 200_000), g(501_000, 301_000)));
}

#[test]
fn boundary_errors_are_clear() {
    assert_eq!(Boundary::from_geojson("", None), Err(BoundaryError::Blank));
    let e = Boundary::from_geojson("<kml/>", None).unwrap_err();
    assert!(
        e.to_string().starts_with("the boundary file is not JSON"),
        "{e}"
    );
    let points = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "E06000060"},
         "geometry": {"type": "Point", "coordinates": [482000, 213500]}}]}"#;
    let e = Boundary::from_geojson(points, Some("E06000060")).unwrap_err();
    assert_eq!(e, BoundaryError::NoPolygon);
    assert_eq!(
        e.to_string(),
        "the boundary file has no Polygon or MultiPolygon geometry"
    );
    let empty = r#"{"type": "MultiPolygon", "coordinates": []}"#;
    assert_eq!(
        Boundary::from_geojson(empty, None),
        Err(BoundaryError::NoPolygon)
    );
    let degenerate = r#"{"type": "Polygon", "coordinates": [[[400000, 200000], [401000, 200000], [400000, 200000]]]}"#;
    assert_eq!(
        Boundary::from_geojson(degenerate, None),
        Err(BoundaryError::Empty)
    );
    // A single feature whose code is not the council's is refused.
    let e = Boundary::from_geojson(SQUARE_WITH_HOLE, Some("E10000025")).unwrap_err();
    assert!(e.to_string().contains("codes found: E06000001"), "{e}");
}

#[test]
fn sample_boundary_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data/boundary.geojson");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("no {path}: skipped");
        return;
    };
    let b = Boundary::from_geojson(&text, Some("E06000060")).unwrap();
    // Aylesbury inside the sample Buckinghamshire outline, Milton Keynes and
    // Oxford outside.
    assert!(b.contains(g(482_000, 213_500)));
    assert!(!b.contains(g(485_500, 238_500)));
    assert!(!b.contains(g(451_000, 206_000)));
    assert!(matches!(
        Boundary::from_geojson(&text, Some("E10000025")),
        Err(BoundaryError::FeatureNotFound { .. })
    ));

    // The same outline in WGS84 gives the same answers.
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ring = json["features"][0]["geometry"]["coordinates"][0]
        .as_array_mut()
        .unwrap();
    for p in ring.iter_mut() {
        let (e, n) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
        let (lat, lon) = osgb_metres_to_wgs84(e, n).unwrap();
        *p = serde_json::json!([lon, lat]);
    }
    json.as_object_mut().unwrap().remove("crs");
    let wgs = Boundary::from_geojson(&json.to_string(), Some("E06000060")).unwrap();
    assert_eq!(wgs.rings(), b.rings());
    assert!(wgs.contains(g(482_000, 213_500)));
    assert!(!wgs.contains(g(485_500, 238_500)));
}

// ---------------------------------------------------------------- in/out of area

fn entry(
    postcode: &str,
    grid: Option<GridRef>,
    la: Option<&str>,
    county: Option<&str>,
) -> PostcodeEntry {
    PostcodeEntry {
        postcode: Postcode::parse(postcode).unwrap(),
        grid,
        latitude: None,
        longitude: None,
        la_code: la.map(str::to_string),
        county_code: county.map(str::to_string),
    }
}

#[test]
fn two_tier_county_is_judged_at_county_level() {
    // Oxford city (district E07000178) in Oxfordshire (county E10000025).
    let oxford = entry(
        "OX1 1AA",
        Some(g(451_000, 206_000)),
        Some("E07000178"),
        Some("E10000025"),
    );
    let oxon = AreaJudge::new("E10000025", None);
    assert_eq!(oxon.judge(Some(&oxford)), AreaStatus::Inside);
    let bucks = AreaJudge::new("E06000060", None);
    assert_eq!(bucks.judge(Some(&oxford)), AreaStatus::Outside);
}

#[test]
fn unitary_authority_is_judged_by_its_own_code() {
    // ONSPD writes a placeholder county (E99999999) for unitary areas.
    let aylesbury = entry(
        "HP20 1UA",
        Some(g(482_000, 213_500)),
        Some("E06000060"),
        Some("E99999999"),
    );
    let mk = entry(
        "MK9 3HS",
        Some(g(485_500, 238_500)),
        Some("E06000042"),
        None,
    );
    let bucks = AreaJudge::new("E06000060", None);
    assert_eq!(bucks.judge(Some(&aylesbury)), AreaStatus::Inside);
    assert_eq!(bucks.judge(Some(&mk)), AreaStatus::Outside);
    // Codes compare ignoring case and spaces.
    assert_eq!(
        AreaJudge::new(" e06000060 ", None).judge(Some(&aylesbury)),
        AreaStatus::Inside
    );
}

#[test]
fn missing_or_unknown_postcode_is_unknown() {
    let judge = AreaJudge::new("E06000060", None);
    assert_eq!(judge.judge(None), AreaStatus::Unknown);
    let nothing = entry("HP20 1UA", None, None, None);
    assert_eq!(judge.judge(Some(&nothing)), AreaStatus::Unknown);
    assert_eq!(AreaStatus::Unknown.label(), "Not known");
    assert_eq!(AreaStatus::Inside.to_string(), "In area");
    assert_eq!(AreaStatus::Outside.label(), "Out of area");
}

#[test]
fn grid_only_entry_uses_the_boundary_when_there_is_one() {
    let square = Boundary::from_geojson(SQUARE_WITH_HOLE, None).unwrap();
    let inside = entry("HP20 1UA", Some(g(402_000, 202_000)), None, None);
    let outside = entry("MK9 3HS", Some(g(420_000, 202_000)), None, None);
    let on_line = entry("HP19 8FF", Some(g(400_000, 205_000)), None, None);

    let with = AreaJudge::new("E06000001", Some(&square));
    assert_eq!(with.judge(Some(&inside)), AreaStatus::Inside);
    assert_eq!(with.judge(Some(&outside)), AreaStatus::Outside);
    assert_eq!(with.judge(Some(&on_line)), AreaStatus::Outside);

    let without = AreaJudge::new("E06000001", None);
    assert_eq!(without.judge(Some(&inside)), AreaStatus::Unknown);
    assert_eq!(without.judge(Some(&outside)), AreaStatus::Unknown);

    // Latitude/longitude only: converted, then tested.
    let (lat, lon) = osgb_to_wgs84(g(402_000, 202_000));
    let mut latlong = entry("HP20 1UA", None, None, None);
    latlong.latitude = Some(lat);
    latlong.longitude = Some(lon);
    assert_eq!(with.judge(Some(&latlong)), AreaStatus::Inside);

    // The authority code wins over the polygon when both are known.
    let coded = entry(
        "MK9 3HS",
        Some(g(420_000, 202_000)),
        Some("E06000001"),
        None,
    );
    assert_eq!(with.judge(Some(&coded)), AreaStatus::Inside);

    // Bare points.
    assert_eq!(
        with.judge_point(Some(g(402_000, 202_000))),
        AreaStatus::Inside
    );
    assert_eq!(
        with.judge_point(Some(g(410_000, 210_000))),
        AreaStatus::Outside
    );
    assert_eq!(with.judge_point(None), AreaStatus::Unknown);
    assert_eq!(
        without.judge_point(Some(g(402_000, 202_000))),
        AreaStatus::Unknown
    );
}

// ---------------------------------------------------------------- spatial index

#[test]
fn within_miles_includes_the_radius_and_sorts() {
    let centre = g(400_000, 300_000);
    let index = SpatialIndex::build(vec![
        // 3,000² + 4,000² = 5,000²: 5,000 / 1609.3 = 3.10694 mi.
        (g(403_000, 304_000), "A"),
        // 16,093 m due north = exactly 10 miles (1609.3 × 10).
        (g(400_000, 316_093), "B"),
        // 16,094 m = 10.00062 miles: just outside 10.
        (g(400_000, 316_094), "C"),
        // 5,000 m the other way: ties with A, inserted after it.
        (g(397_000, 296_000), "D"),
        // The centre itself.
        (g(400_000, 300_000), "E"),
        // 30 km east = 18.6417 miles.
        (g(430_000, 300_000), "F"),
    ]);
    assert_eq!(index.len(), 6);

    let found = index.within_miles(centre, 10.0);
    let names: Vec<&str> = found.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["E", "A", "D", "B"]);
    assert_eq!(found[0].1, 0.0);
    assert!((found[1].1 - 3.10694).abs() < 1e-5);
    assert!((found[2].1 - 3.10694).abs() < 1e-5);
    assert!((found[3].1 - 10.0).abs() < 1e-9);

    let wider: Vec<&str> = index
        .within_miles(centre, 20.0)
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(wider, ["E", "A", "D", "B", "C", "F"]);
    let f = index.within_miles(centre, 20.0)[5].1;
    assert!((f - 18.6417).abs() < 1e-4, "{f}");

    let none = index.within_miles(g(600_000, 600_000), 20.0);
    assert!(none.is_empty());
}

#[test]
fn nearest_breaks_ties_by_insertion_order() {
    let centre = g(400_000, 300_000);
    let index = SpatialIndex::build(vec![
        (g(400_000, 301_000), 1),
        (g(401_000, 300_000), 2),
        (g(399_000, 300_000), 3),
        (g(400_000, 299_000), 4),
        (g(400_500, 300_000), 5),
    ]);
    let ids: Vec<i32> = index.nearest(centre, 3).iter().map(|(i, _)| *i).collect();
    assert_eq!(ids, [5, 1, 2]);
    let all: Vec<i32> = index.nearest(centre, 10).iter().map(|(i, _)| *i).collect();
    assert_eq!(all, [5, 1, 2, 3, 4]);
    // 500 m = 0.31069 mi; 1000 m = 0.62139 mi.
    let d = index.nearest(centre, 2);
    assert!((d[0].1 - 0.31069).abs() < 1e-5 && (d[1].1 - 0.62139).abs() < 1e-5);
}

#[test]
fn index_agrees_with_a_naive_scan() {
    // A deterministic scatter over 100 km × 100 km.
    let mut state: u64 = 12345;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as i32
    };
    let items: Vec<(GridRef, usize)> = (0..2000)
        .map(|i| (g(400_000 + next() % 100_000, 200_000 + next() % 100_000), i))
        .collect();
    let index = SpatialIndex::build(items.clone());
    let centre = g(450_000, 250_000);
    let mut naive: Vec<(f64, usize)> = items
        .iter()
        .map(|(p, i)| (centre.miles_to(*p), *i))
        .filter(|(d, _)| *d <= 12.5)
        .collect();
    naive.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let fast: Vec<(f64, usize)> = index
        .within_miles(centre, 12.5)
        .into_iter()
        .map(|(i, d)| (d, i))
        .collect();
    assert!(!fast.is_empty());
    assert_eq!(fast, naive);
}
