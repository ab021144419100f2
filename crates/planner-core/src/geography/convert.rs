//! OSGB36 grid references (British National Grid, EPSG:27700) <-> WGS84
//! latitude/longitude (EPSG:4326), for whichever the data lacks.
//!
//! Uses the pure-Rust `proj4rs` crate with the standard PROJ definition of
//! EPSG:27700: Transverse Mercator on the Airy 1830 ellipsoid plus the OS's
//! 7-parameter Helmert shift to WGS84. The OS gives that shift an accuracy of
//! a few metres (up to about 5 m) against its definitive OSTN15 transformation;
//! that is far below the size of a postcode and irrelevant to a distance
//! quoted to 0.1 mile (161 m). WGS84 is treated as equal to ETRS89 (they
//! differ by under a metre in Britain). A round trip grid → lat/long → grid
//! comes back within a millimetre.

use std::cell::RefCell;

use proj4rs::proj::Proj;

use crate::model::postcode::{GridRef, PostcodeEntry};

const OSGB36: &str = concat!(
    "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000",
    " +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489",
    " +units=m +no_defs"
);
const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

/// The extent accepted as a plausible British National Grid reference (the
/// grid's 100 km squares run to 700 km east and 1300 km north), with a margin
/// for offshore boundary vertices.
const MIN_EASTING: f64 = -100_000.0;
const MAX_EASTING: f64 = 800_000.0;
const MIN_NORTHING: f64 = -100_000.0;
const MAX_NORTHING: f64 = 1_400_000.0;

thread_local! {
    static PROJS: RefCell<Option<(Proj, Proj)>> = const { RefCell::new(None) };
}

fn with_projs<R>(f: impl FnOnce(&Proj, &Proj) -> R) -> R {
    PROJS.with(|cell| {
        let mut slot = cell.borrow_mut();
        let (osgb, wgs) = slot.get_or_insert_with(|| {
            (
                Proj::from_proj_string(OSGB36).expect("valid EPSG:27700 definition"),
                Proj::from_proj_string(WGS84).expect("valid EPSG:4326 definition"),
            )
        });
        f(osgb, wgs)
    })
}

/// Easting/northing in metres (not rounded) to WGS84 `(latitude, longitude)`
/// in degrees. `None` only when the transformation fails (non-finite input).
pub fn osgb_metres_to_wgs84(easting: f64, northing: f64) -> Option<(f64, f64)> {
    if !easting.is_finite() || !northing.is_finite() {
        return None;
    }
    let mut p = (easting, northing, 0.0);
    with_projs(|osgb, wgs| proj4rs::transform::transform(osgb, wgs, &mut p)).ok()?;
    let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
    (lat.is_finite() && lon.is_finite()).then_some((lat, lon))
}

/// WGS84 degrees to easting/northing in metres (not rounded). `None` when the
/// input is not a finite latitude/longitude or lands far off the British
/// National Grid.
pub fn wgs84_to_osgb_metres(lat: f64, lon: f64) -> Option<(f64, f64)> {
    if !lat.is_finite() || !lon.is_finite() || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return None;
    }
    let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
    with_projs(|osgb, wgs| proj4rs::transform::transform(wgs, osgb, &mut p)).ok()?;
    let (e, n) = (p.0, p.1);
    let on_grid =
        (MIN_EASTING..=MAX_EASTING).contains(&e) && (MIN_NORTHING..=MAX_NORTHING).contains(&n);
    on_grid.then_some((e, n))
}

/// A grid reference to WGS84 `(latitude, longitude)` in degrees.
pub fn osgb_to_wgs84(g: GridRef) -> (f64, f64) {
    osgb_metres_to_wgs84(f64::from(g.easting), f64::from(g.northing))
        .expect("a whole-metre grid reference always transforms")
}

/// WGS84 degrees to a grid reference rounded to the nearest metre (as in the
/// ONS Postcode Directory). `None` for a non-finite or out-of-range input or
/// a point far off the British National Grid.
pub fn wgs84_to_osgb(lat: f64, lon: f64) -> Option<GridRef> {
    let (e, n) = wgs84_to_osgb_metres(lat, lon)?;
    Some(GridRef::new(e.round() as i32, n.round() as i32))
}

/// A directory entry's grid reference: its own, or else one converted from
/// its latitude/longitude. `None` when it has neither.
pub fn entry_grid(entry: &PostcodeEntry) -> Option<GridRef> {
    entry
        .grid
        .or_else(|| match (entry.latitude, entry.longitude) {
            (Some(lat), Some(lon)) => wgs84_to_osgb(lat, lon),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_nonsense() {
        assert_eq!(wgs84_to_osgb(f64::NAN, 0.0), None);
        assert_eq!(wgs84_to_osgb(95.0, 0.0), None);
        // Sydney is nowhere near the British National Grid.
        assert_eq!(wgs84_to_osgb(-33.86, 151.21), None);
    }
}
