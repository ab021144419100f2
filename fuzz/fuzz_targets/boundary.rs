//! A boundary GeoJSON file. When its areas can be listed, each listed code
//! (the first eight) and one it may not hold are applied to a fresh store.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner_io::import::boundary::{apply_boundary, boundary_features};
use planner_store::store::Store;
use placement_planner_fuzz::{check_error, write};

const NAME: &str = "boundary.geojson";

fuzz_target!(|data: &[u8]| {
    let path = write(NAME, data);
    let list = match boundary_features(&path) {
        Ok(list) => list,
        Err(e) => return check_error(&e, NAME),
    };
    let mut store = Store::open_in_memory().unwrap();
    let codes = list
        .iter()
        .filter_map(|f| f.code.clone())
        .take(8)
        .chain(["E06000060".to_string()]);
    for code in codes {
        if let Err(e) = apply_boundary(&mut store, &path, &code) {
            check_error(&e, NAME);
        }
    }
});
