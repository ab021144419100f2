//! The council's boundary polygon, read from GeoJSON and held in OSGB36 grid
//! metres.
//!
//! **On the line counts as outside.** A point exactly on an edge or vertex of
//! the boundary is [`Containment::OnBoundary`], and [`Boundary::contains`]
//! says `false` for it, as geo's `Contains` does (the OGC rule: the interior
//! only). A postcode centroid exactly on the line is rare, and the boundary is
//! only a fallback anyway: DfE judges in/out of area by the postcode's local
//! authority, which the postcode directory gives for nearly every postcode.
//! A point on the edge of a hole counts as on the boundary too.

use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon};
use geojson::{GeoJson, JsonObject, PolygonType};

use crate::model::postcode::GridRef;
use crate::model::settings::Settings;

use super::convert::wgs84_to_osgb_metres;

/// Why a boundary file could not be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BoundaryError {
    #[error("the boundary file is empty")]
    Blank,
    #[error("the boundary file is not JSON: {0}")]
    NotJson(String),
    #[error("the boundary file is JSON but not GeoJSON: {0}")]
    NotGeoJson(String),
    #[error("the boundary file has no Polygon or MultiPolygon geometry")]
    NoPolygon,
    #[error(
        "no boundary with the code {code} in the file; codes found: {}",
        list_codes(found)
    )]
    FeatureNotFound { code: String, found: Vec<String> },
    #[error(
        "the boundary file holds several areas ({}); say which by its code",
        list_codes(found)
    )]
    Ambiguous { found: Vec<String> },
    #[error("the boundary polygon encloses no area")]
    Empty,
    #[error("a boundary coordinate is not usable: {0}")]
    BadCoordinate(String),
    #[error(
        "a boundary point ({0}) lies outside Great Britain's grid (eastings 0 to 700,000 m, \
         northings 0 to 1,300,000 m)"
    )]
    OffTheGrid(String),
    #[error("the boundary is not a valid shape: {0}")]
    Invalid(String),
}

fn list_codes(found: &[String]) -> String {
    if found.is_empty() {
        "none".to_string()
    } else {
        found.join(", ")
    }
}

/// Where a point lies relative to the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Containment {
    Inside,
    Outside,
    /// Exactly on an edge or vertex (of the outline or of a hole).
    OnBoundary,
}

/// A council boundary in OSGB36 grid metres.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    shape: MultiPolygon<f64>,
}

/// One feature's polygons with the code-like property values it carries.
struct Candidate {
    codes: Vec<String>,
    polygons: Vec<PolygonType>,
}

impl Boundary {
    /// A boundary straight from polygons already in grid metres.
    /// Every point must lie on Great Britain's grid (the postcode
    /// directory's range) and the shape must pass geo's validity checks (no
    /// ring crossing itself or another, holes inside their polygon).
    pub fn from_multipolygon(shape: MultiPolygon<f64>) -> Result<Boundary, BoundaryError> {
        use geo::algorithm::validation::Validation;
        use geo::{Area, CoordsIter};
        if let Some(c) = shape
            .coords_iter()
            .find(|c| !(0.0..=700_000.0).contains(&c.x) || !(0.0..=1_300_000.0).contains(&c.y))
        {
            return Err(BoundaryError::OffTheGrid(format!("{}, {}", c.x, c.y)));
        }
        if shape.0.is_empty() || shape.unsigned_area() <= 0.0 {
            return Err(BoundaryError::Empty);
        }
        if let Err(e) = shape.check_validation() {
            return Err(BoundaryError::Invalid(e.to_string()));
        }
        Ok(Boundary { shape })
    }

    /// The council's boundary from its settings: `None` when none is set.
    pub fn from_settings(settings: &Settings) -> Option<Result<Boundary, BoundaryError>> {
        let text = settings.boundary_geojson.as_deref()?;
        if text.trim().is_empty() {
            return None;
        }
        let code = Some(settings.council_code.trim()).filter(|c| !c.is_empty());
        Some(Boundary::from_geojson(text, code))
    }

    /// Reads a GeoJSON FeatureCollection, Feature or bare Geometry holding a
    /// Polygon or MultiPolygon (GeometryCollections are searched too).
    ///
    /// With `code`, picks the feature(s) whose properties hold that value
    /// (case-insensitive) under a key ending in `CD` (e.g. `CTYUA24CD`) or
    /// named `code`; a file with a single feature carrying no code at all is
    /// taken as it is. Without `code`, the file must hold exactly one feature
    /// with a polygon.
    ///
    /// Coordinates are taken as WGS84 longitude/latitude when every x is
    /// within ±180 and every y within ±90 (each vertex is converted to the
    /// grid), otherwise as OSGB36 easting/northing in metres.
    pub fn from_geojson(text: &str, code: Option<&str>) -> Result<Boundary, BoundaryError> {
        if text.trim().is_empty() {
            return Err(BoundaryError::Blank);
        }
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| BoundaryError::NotJson(e.to_string()))?;
        let geojson =
            GeoJson::from_json_value(json).map_err(|e| BoundaryError::NotGeoJson(e.to_string()))?;

        let mut candidates = Vec::new();
        match geojson {
            GeoJson::Geometry(g) => candidates.push(Candidate {
                codes: Vec::new(),
                polygons: polygons_of(&g),
            }),
            GeoJson::Feature(f) => candidates.push(candidate_of(&f)),
            GeoJson::FeatureCollection(fc) => {
                candidates.extend(fc.features.iter().map(candidate_of))
            }
        }
        candidates.retain(|c| !c.polygons.is_empty());
        if candidates.is_empty() {
            return Err(BoundaryError::NoPolygon);
        }
        let found: Vec<String> = {
            let mut all: Vec<String> = candidates.iter().flat_map(|c| c.codes.clone()).collect();
            all.sort();
            all.dedup();
            all
        };

        let chosen: Vec<PolygonType> = match code.map(str::trim) {
            Some(code) => {
                let matching: Vec<&Candidate> = candidates
                    .iter()
                    .filter(|c| c.codes.iter().any(|k| k.eq_ignore_ascii_case(code)))
                    .collect();
                if !matching.is_empty() {
                    matching
                        .into_iter()
                        .flat_map(|c| c.polygons.clone())
                        .collect()
                } else if candidates.len() == 1 && candidates[0].codes.is_empty() {
                    candidates.remove(0).polygons
                } else {
                    return Err(BoundaryError::FeatureNotFound {
                        code: code.to_string(),
                        found,
                    });
                }
            }
            None => {
                if candidates.len() > 1 {
                    return Err(BoundaryError::Ambiguous { found });
                }
                candidates.remove(0).polygons
            }
        };

        let lon_lat = chosen
            .iter()
            .flatten()
            .flatten()
            .all(|p| p.len() >= 2 && p[0].abs() <= 180.0 && p[1].abs() <= 90.0);
        let mut polygons = Vec::new();
        for rings in &chosen {
            let mut converted = Vec::new();
            for ring in rings {
                let mut coords = Vec::with_capacity(ring.len());
                for p in ring {
                    coords.push(to_grid(p, lon_lat)?);
                }
                converted.push(LineString::new(coords));
            }
            let mut rings = converted.into_iter();
            let Some(exterior) = rings.next() else {
                continue;
            };
            if exterior.0.len() < 3 {
                continue;
            }
            polygons.push(Polygon::new(exterior, rings.collect()));
        }
        Boundary::from_multipolygon(MultiPolygon::new(polygons))
    }

    /// Where a grid reference lies: inside, outside or exactly on the line.
    /// With several polygons, inside any one counts as inside.
    pub fn locate(&self, g: GridRef) -> Containment {
        let c = Coord {
            x: f64::from(g.easting),
            y: f64::from(g.northing),
        };
        let mut on_line = false;
        for polygon in &self.shape.0 {
            match polygon.coordinate_position(&c) {
                CoordPos::Inside => return Containment::Inside,
                CoordPos::OnBoundary => on_line = true,
                CoordPos::Outside => {}
            }
        }
        if on_line {
            Containment::OnBoundary
        } else {
            Containment::Outside
        }
    }

    /// Strictly inside: a point on the boundary line counts as outside.
    pub fn contains(&self, g: GridRef) -> bool {
        self.locate(g) == Containment::Inside
    }

    /// The exterior rings (closed, rounded to whole metres), for drawing.
    pub fn rings(&self) -> Vec<Vec<GridRef>> {
        self.shape
            .0
            .iter()
            .map(|p| p.exterior().0.iter().map(|c| grid_of(*c)).collect())
            .collect()
    }

    /// The polygons' holes (closed, rounded to whole metres), for drawing.
    pub fn holes(&self) -> Vec<Vec<GridRef>> {
        self.shape
            .0
            .iter()
            .flat_map(|p| p.interiors().iter())
            .map(|r| r.0.iter().map(|c| grid_of(*c)).collect())
            .collect()
    }

    /// The bounding box as (south-west, north-east) corners, rounded to the
    /// nearest metre.
    pub fn bbox(&self) -> (GridRef, GridRef) {
        let r = self
            .shape
            .bounding_rect()
            .expect("a boundary is never empty");
        (grid_of(r.min()), grid_of(r.max()))
    }
}

fn grid_of(c: Coord<f64>) -> GridRef {
    GridRef::new(c.x.round() as i32, c.y.round() as i32)
}

fn to_grid(p: &[f64], lon_lat: bool) -> Result<Coord<f64>, BoundaryError> {
    let bad = || BoundaryError::BadCoordinate(format!("{p:?}"));
    if p.len() < 2 || !p[0].is_finite() || !p[1].is_finite() {
        return Err(bad());
    }
    if lon_lat {
        let (x, y) = wgs84_to_osgb_metres(p[1], p[0]).ok_or_else(bad)?;
        Ok(Coord { x, y })
    } else {
        Ok(Coord { x: p[0], y: p[1] })
    }
}

fn candidate_of(f: &geojson::Feature) -> Candidate {
    Candidate {
        codes: f.properties.as_ref().map(codes_of).unwrap_or_default(),
        polygons: f.geometry.as_ref().map(polygons_of).unwrap_or_default(),
    }
}

/// Values under keys ending in `CD` or named `code` (case-insensitive).
fn codes_of(props: &JsonObject) -> Vec<String> {
    props
        .iter()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            k.ends_with("cd") || k == "code"
        })
        .filter_map(|(_, v)| v.as_str())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn polygons_of(g: &geojson::Geometry) -> Vec<PolygonType> {
    match &g.value {
        geojson::Value::Polygon(p) => vec![p.clone()],
        geojson::Value::MultiPolygon(mp) => mp.clone(),
        geojson::Value::GeometryCollection(gs) => gs.iter().flat_map(polygons_of).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_clear() {
        assert_eq!(
            Boundary::from_geojson("  ", None),
            Err(BoundaryError::Blank)
        );
        assert!(matches!(
            Boundary::from_geojson("not json", None),
            Err(BoundaryError::NotJson(_))
        ));
        assert!(matches!(
            Boundary::from_geojson(r#"{"a": 1}"#, None),
            Err(BoundaryError::NotGeoJson(_))
        ));
        assert_eq!(
            Boundary::from_geojson(r#"{"type":"Point","coordinates":[400000,300000]}"#, None),
            Err(BoundaryError::NoPolygon)
        );
        let flat = r#"{"type":"Polygon","coordinates":[[[400000,300000],[401000,300000],[402000,300000],[400000,300000]]]}"#;
        assert_eq!(
            Boundary::from_geojson(flat, None),
            Err(BoundaryError::Empty)
        );
    }
}
