//! The synthetic sample county: deterministic, committed as files, and close
//! to the figures in `shared/domain.md`. Every figure here is computed from
//! the raw vectors, not by calling the generator's internals.

use geo::{Contains, Coord, LineString, Point, Polygon};
use jiff::civil::{date, Date};
use placement_planner::model::*;
use placement_planner::sample::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

const COUNCIL: &str = "E06000060";

fn county() -> &'static SampleCounty {
    static COUNTY: OnceLock<SampleCounty> = OnceLock::new();
    COUNTY.get_or_init(|| generate(DEFAULT_SEED))
}

/// Where a placement is: the carer's or home's postcode, or its own.
fn placement_postcode<'a>(county: &'a SampleCounty, p: &'a Placement) -> Option<&'a Postcode> {
    match &p.setting {
        PlacementSetting::Carer(id) => county
            .carers
            .iter()
            .find(|c| &c.id == id)
            .and_then(|c| c.postcode.as_ref()),
        PlacementSetting::Home(id) => county
            .homes
            .iter()
            .find(|h| &h.id == id)
            .and_then(|h| h.postcode.as_ref()),
        PlacementSetting::Elsewhere => p.postcode.as_ref(),
    }
}

#[derive(Debug, Default)]
struct Figures {
    looked_after: usize,
    awaiting: usize,
    children_total: usize,
    placements_total: usize,
    by_category: BTreeMap<&'static str, usize>,
    /// (in county, within 20 miles) by category.
    where_by_category: BTreeMap<&'static str, (usize, usize)>,
    within_20_miles: usize,
    in_county: usize,
    in_house_households: usize,
    ifa_households: usize,
    in_house_places: u32,
    in_house_vacant: u32,
    vacancies_by_band: Vec<(&'static str, u32)>,
    homes: usize,
}

impl Figures {
    fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.looked_after as f64
    }

    fn category_pct(&self, code: &str) -> f64 {
        self.pct(*self.by_category.get(code).unwrap_or(&0))
    }
}

fn figures(county: &SampleCounty) -> Figures {
    let on = SAMPLE_AS_AT;
    let postcodes: BTreeMap<&str, &PostcodeEntry> = county
        .postcodes
        .iter()
        .map(|e| (e.postcode.as_str(), e))
        .collect();
    let children: BTreeMap<&str, &Child> =
        county.children.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut f = Figures {
        children_total: county.children.len(),
        placements_total: county.placements.len(),
        homes: county.homes.len(),
        ..Default::default()
    };
    f.awaiting = county
        .children
        .iter()
        .filter(|c| c.status == ChildStatus::AwaitingPlacement)
        .count();
    for p in county.placements.iter().filter(|p| p.is_open_on(on)) {
        f.looked_after += 1;
        *f.by_category.entry(p.category().code()).or_default() += 1;
        let entry = placement_postcode(county, p).and_then(|pc| postcodes.get(pc.as_str()));
        let slot = f.where_by_category.entry(p.category().code()).or_default();
        if entry.and_then(|e| e.la_code.as_deref()) == Some(COUNCIL) {
            f.in_county += 1;
            slot.0 += 1;
        }
        let home = children[p.child_id.as_str()]
            .home_postcode
            .as_ref()
            .and_then(|pc| postcodes.get(pc.as_str()))
            .and_then(|e| e.grid);
        if let (Some(a), Some(b)) = (home, entry.and_then(|e| e.grid)) {
            if a.miles_to(b) <= 20.0 {
                f.within_20_miles += 1;
                f.where_by_category
                    .entry(p.category().code())
                    .or_default()
                    .1 += 1;
            }
        }
    }
    let bands: [(&str, u8, u8); 4] = [
        ("0-4", 0, 4),
        ("5-10", 5, 10),
        ("11-15", 11, 15),
        ("16-17", 16, 17),
    ];
    f.vacancies_by_band = bands.iter().map(|b| (b.0, 0)).collect();
    for c in &county.carers {
        if c.sector == CarerSector::Ifa && c.status == CarerStatus::Active {
            f.ifa_households += 1;
        }
        if c.sector != CarerSector::InHouse || c.status != CarerStatus::Active {
            continue;
        }
        f.in_house_households += 1;
        let filled = county
            .placements
            .iter()
            .filter(|p| p.is_open_on(on) && p.carer_id() == Some(c.id.as_str()))
            .count() as u32;
        let vacant = u32::from(c.approved_places).saturating_sub(filled);
        f.in_house_places += u32::from(c.approved_places);
        f.in_house_vacant += vacant;
        for (i, &(_, lo, hi)) in bands.iter().enumerate() {
            if c.age_min <= hi && c.age_max >= lo {
                f.vacancies_by_band[i].1 += vacant;
            }
        }
    }
    f
}

fn report(f: &Figures) -> String {
    let mut s = format!(
        "children {} (looked after {}, awaiting {}), placements {}\n",
        f.children_total, f.looked_after, f.awaiting, f.placements_total
    );
    for (code, n) in &f.by_category {
        let (county, near) = f.where_by_category.get(code).copied().unwrap_or_default();
        s += &format!(
            "  {code}: {n} ({:.1}%; {county} in county, {near} within 20 miles)\n",
            f.pct(*n)
        );
    }
    s += &format!(
        "within 20 miles {} ({:.1}%), in county {} ({:.1}%)\n",
        f.within_20_miles,
        f.pct(f.within_20_miles),
        f.in_county,
        f.pct(f.in_county)
    );
    s += &format!(
        "in-house households {} ({} places, {} vacant; by band {:?}), IFA households {}, homes {}\n",
        f.in_house_households, f.in_house_places, f.in_house_vacant, f.vacancies_by_band, f.ifa_households, f.homes
    );
    s
}

#[test]
fn the_same_seed_gives_the_same_county() {
    let a = generate(DEFAULT_SEED);
    let b = generate(DEFAULT_SEED);
    assert!(a == b, "generate(DEFAULT_SEED) differed between two runs");
    assert_eq!(write_files(&a), write_files(&b));
    let other = generate(DEFAULT_SEED + 1);
    assert_ne!(
        a.children, other.children,
        "another seed should give another county"
    );
}

#[test]
fn committed_sample_files_match_the_generator() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let files = write_files(county());
    assert_eq!(files.len(), SAMPLE_FILES.len());
    for (name, contents) in files {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == contents,
            "sample_data/{name} is out of date with the generator; regenerate the files with \
             `cargo run -- sample-files` and commit them"
        );
    }
}

#[test]
fn figures_are_close_to_the_source_council() {
    let f = figures(county());
    let text = report(&f);
    println!("{text}");
    let in_range = |what: &str, value: f64, lo: f64, hi: f64| {
        assert!(
            (lo..=hi).contains(&value),
            "{what} is {value:.1}, expected {lo}-{hi}\n{text}"
        );
    };
    in_range("children looked after", f.looked_after as f64, 400.0, 500.0);
    in_range(
        "in-house fostering %",
        f.category_pct("in_house_fostering"),
        25.0,
        35.0,
    );
    in_range(
        "IFA fostering %",
        f.category_pct("ifa_fostering"),
        35.0,
        45.0,
    );
    let residential = f.category_pct("own_residential") + f.category_pct("external_residential");
    in_range("residential %", residential, 12.0, 18.0);
    in_range("within 20 miles %", f.pct(f.within_20_miles), 46.0, 62.0);
    in_range("in county %", f.pct(f.in_county), 35.0, 50.0);
    in_range("awaiting placement", f.awaiting as f64, 3.0, 12.0);
    in_range(
        "in-house households",
        f.in_house_households as f64,
        140.0,
        170.0,
    );
    let bands_with_vacancies = f.vacancies_by_band.iter().filter(|b| b.1 > 0).count();
    assert!(
        bands_with_vacancies >= 3,
        "vacancies in only {bands_with_vacancies} age bands\n{text}"
    );
    in_range(
        "children over the history",
        f.children_total as f64,
        1_200.0,
        1_700.0,
    );
    // Every category of the mix is present.
    for code in [
        "kinship",
        "with_parents",
        "supported_accommodation",
        "own_residential",
        "external_residential",
    ] {
        assert!(
            f.by_category.contains_key(code),
            "no {code} placement open\n{text}"
        );
    }
}

/// The 1st of every month from the start of the history to the as-at date.
fn check_dates() -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = date(2021, 11, 1);
    while d <= SAMPLE_AS_AT {
        out.push(d);
        d = d.checked_add(jiff::Span::new().months(1)).unwrap();
    }
    out.push(SAMPLE_AS_AT);
    out
}

#[test]
fn no_carer_or_home_is_over_capacity() {
    let county = county();
    for on in check_dates() {
        let open: Vec<&Placement> = county
            .placements
            .iter()
            .filter(|p| p.is_open_on(on))
            .collect();
        for c in &county.carers {
            let n = open
                .iter()
                .filter(|p| p.carer_id() == Some(c.id.as_str()))
                .count();
            assert!(
                n <= usize::from(c.approved_places),
                "{} has {n} children on {on} but {} places",
                c.id,
                c.approved_places
            );
        }
        for h in &county.homes {
            let n = open
                .iter()
                .filter(|p| p.home_id() == Some(h.id.as_str()))
                .count();
            assert!(
                n <= usize::from(h.registered_beds),
                "{} has {n} children on {on}",
                h.id
            );
            if !h.is_open_on(on) {
                assert_eq!(n, 0, "{} is closed on {on} but has children", h.id);
            }
        }
    }
}

#[test]
fn placements_are_consistent() {
    let county = county();
    let carers: BTreeMap<&str, &Carer> = county.carers.iter().map(|c| (c.id.as_str(), c)).collect();
    let homes: BTreeMap<&str, &Home> = county.homes.iter().map(|h| (h.id.as_str(), h)).collect();
    let postcodes: BTreeMap<&str, &PostcodeEntry> = county
        .postcodes
        .iter()
        .map(|e| (e.postcode.as_str(), e))
        .collect();
    let reasons: Vec<&str> = placement_planner::model::placement::REASONS_FOR_CHANGE
        .iter()
        .map(|r| r.0)
        .collect();
    let mut by_child: BTreeMap<&str, Vec<&Placement>> = BTreeMap::new();
    for (i, p) in county.placements.iter().enumerate() {
        assert_eq!(p.id, i as i64 + 1, "placement ids run 1..n in order");
        let category = p.category();
        match &p.setting {
            PlacementSetting::Carer(id) => {
                let c = carers
                    .get(id.as_str())
                    .unwrap_or_else(|| panic!("placement {} names unknown carer {id}", p.id));
                let expected = match c.sector {
                    CarerSector::InHouse => PlacementCategory::InHouseFostering,
                    CarerSector::Ifa => PlacementCategory::IfaFostering,
                    CarerSector::Kinship => PlacementCategory::Kinship,
                };
                assert_eq!(category, expected, "placement {} with {}", p.id, c.id);
                assert!(
                    p.start >= c.approval_date,
                    "placement {} before {} was approved",
                    p.id,
                    c.id
                );
            }
            PlacementSetting::Home(id) => {
                let h = homes
                    .get(id.as_str())
                    .unwrap_or_else(|| panic!("placement {} names unknown home {id}", p.id));
                let expected = match h.sector {
                    HomeSector::OwnCouncil => PlacementCategory::OwnResidential,
                    _ => PlacementCategory::ExternalResidential,
                };
                assert_eq!(category, expected, "placement {} in {}", p.id, h.id);
            }
            PlacementSetting::Elsewhere => {
                assert!(
                    matches!(
                        category,
                        PlacementCategory::WithParents
                            | PlacementCategory::SupportedAccommodation
                            | PlacementCategory::Secure
                    ),
                    "placement {} elsewhere is {:?}",
                    p.id,
                    category
                );
            }
        }
        if category == PlacementCategory::SupportedAccommodation {
            let expected = if p.start >= date(2025, 4, 1) {
                PlaceCode::K3
            } else {
                PlaceCode::H5
            };
            assert_eq!(p.place, expected, "placement {}", p.id);
        }
        if let Some(pc) = placement_postcode(county, p) {
            assert!(
                postcodes.contains_key(pc.as_str()),
                "placement {} postcode {pc} not in the directory",
                p.id
            );
        }
        if let Some(r) = &p.reason_for_change {
            assert!(
                reasons.contains(&r.as_str()),
                "placement {} reason {r}",
                p.id
            );
        }
        assert!(
            p.end.is_none_or(|e| e > p.start),
            "placement {} ends before it starts",
            p.id
        );
        by_child.entry(p.child_id.as_str()).or_default().push(p);
    }
    for child in &county.children {
        let ps = by_child.remove(child.id.as_str()).unwrap_or_default();
        let eighteenth = child
            .date_of_birth
            .checked_add(jiff::Span::new().years(18))
            .unwrap();
        for p in &ps {
            assert!(
                p.start >= child.date_of_birth,
                "{} placed before birth",
                child.id
            );
            let last_day = p
                .end
                .map(|e| e.yesterday().unwrap())
                .unwrap_or(SAMPLE_AS_AT);
            assert!(
                child.age_on(last_day) < 18,
                "{} placed after 18 (placement {})",
                child.id,
                p.id
            );
            assert!(p.end.unwrap_or(SAMPLE_AS_AT) <= eighteenth.max(SAMPLE_AS_AT));
        }
        for w in ps.windows(2) {
            assert_eq!(
                w[0].end,
                Some(w[1].start),
                "{}'s placements overlap or leave a gap",
                child.id
            );
            assert!(
                w[0].reason_for_change.is_some(),
                "{}: move without a reason",
                child.id
            );
        }
        match child.status {
            ChildStatus::LookedAfter => {
                assert!(
                    ps.last().is_some_and(|p| p.end.is_none()),
                    "{} has no open placement",
                    child.id
                );
                assert_eq!(child.left_care, None);
            }
            ChildStatus::AwaitingPlacement => {
                assert!(
                    ps.iter().all(|p| !p.is_open_on(SAMPLE_AS_AT)),
                    "{} is placed",
                    child.id
                );
                assert!(child.entered_care > date(2026, 9, 1));
            }
            ChildStatus::LeftCare => {
                let last = ps
                    .last()
                    .unwrap_or_else(|| panic!("{} left care without placements", child.id));
                assert_eq!(
                    child.left_care, last.end,
                    "{} left care on another day",
                    child.id
                );
                assert!(last.reason_for_change.is_none());
            }
        }
        if let Some(first) = ps.first() {
            assert_eq!(
                first.start, child.entered_care,
                "{} first placement",
                child.id
            );
        }
        if let Some(pc) = &child.home_postcode {
            assert!(
                postcodes.contains_key(pc.as_str()),
                "{} home postcode missing",
                child.id
            );
        }
    }
    assert!(
        by_child.is_empty(),
        "placements of unknown children: {:?}",
        by_child.keys()
    );
    // Sorted by id.
    assert!(county.children.windows(2).all(|w| w[0].id < w[1].id));
    assert!(county.carers.windows(2).all(|w| w[0].id < w[1].id));
    assert!(county.homes.windows(2).all(|w| w[0].id < w[1].id));
    assert!(county
        .postcodes
        .windows(2)
        .all(|w| w[0].postcode < w[1].postcode));
}

#[test]
fn postcodes_agree_with_the_county_outline() {
    let county = county();
    let geojson: serde_json::Value = serde_json::from_str(
        county
            .settings
            .boundary_geojson
            .as_deref()
            .expect("a boundary"),
    )
    .unwrap();
    let ring: Vec<Coord<f64>> = geojson["features"][0]["geometry"]["coordinates"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Coord {
            x: p[0].as_f64().unwrap(),
            y: p[1].as_f64().unwrap(),
        })
        .collect();
    assert_eq!(geojson["features"][0]["properties"]["code"], COUNCIL);
    let parsed: geojson::GeoJson = county
        .settings
        .boundary_geojson
        .as_deref()
        .unwrap()
        .parse()
        .unwrap();
    assert!(matches!(parsed, geojson::GeoJson::FeatureCollection(_)));
    let polygon = Polygon::new(LineString::new(ring), vec![]);
    for e in &county.postcodes {
        let g = e.grid.expect("every sample postcode has a grid reference");
        let inside = polygon.contains(&Point::new(f64::from(g.easting), f64::from(g.northing)));
        assert_eq!(
            inside,
            e.la_code.as_deref() == Some(COUNCIL),
            "{} at {g:?}",
            e.postcode
        );
        assert_eq!(e.postcode, Postcode::parse(e.postcode.as_str()).unwrap());
    }
    let unknown_homes = county
        .children
        .iter()
        .filter(|c| c.home_postcode.is_none())
        .count();
    assert!(
        unknown_homes > 0,
        "some children should have no known home postcode"
    );
    assert_eq!(county.settings.council_code, COUNCIL);
    for year in 2021..=2026 {
        for cat in [
            PlacementCategory::InHouseFostering,
            PlacementCategory::IfaFostering,
            PlacementCategory::ExternalResidential,
        ] {
            assert!(
                county.settings.rate(cat, year).is_some(),
                "no {cat:?} rate for {year}"
            );
        }
    }
}

/// Rewrites `sample_data/` from the default seed:
/// `cargo test --test sample_county -- --ignored regenerate_sample_data`
/// (or `cargo run -- sample-files`).
#[test]
#[ignore]
fn regenerate_sample_data() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    write_to_dir(&dir, county()).unwrap();
}

/// The measures count occupancy by index into the county's lists; the
/// window and matching count it by id. On the sample county, on dates from
/// before most households were approved to the present, both say the same
/// for every household and home, and some are full and some have room.
#[test]
fn occupancy_by_index_matches_occupancy_by_id() {
    use placement_planner::model::vacancy::{carer_occupancy, home_occupancy};
    let c = county();
    let data = placement_planner::county::CountyData::new(
        c.settings.clone(),
        c.children.clone(),
        c.carers.clone(),
        c.homes.clone(),
        c.placements.clone(),
        c.postcodes.clone(),
    );
    for on in [date(2015, 6, 1), date(2021, 3, 31), date(2026, 3, 31)] {
        let (carers, homes) = data.occupancy_on(on);
        let by_id = carer_occupancy(&c.carers, &c.placements, on);
        let by_index = carers;
        assert_eq!(by_index.len(), c.carers.len());
        for (carer, o) in c.carers.iter().zip(&by_index) {
            assert_eq!(Some(o), by_id.get(&carer.id), "carer {} on {on}", carer.id);
        }
        let by_id = home_occupancy(&c.homes, &c.placements, on);
        let by_index = homes;
        assert_eq!(by_index.len(), c.homes.len());
        for (home, o) in c.homes.iter().zip(&by_index) {
            assert_eq!(Some(o), by_id.get(&home.id), "home {} on {on}", home.id);
        }
    }
    let (now, _) = data.occupancy_on(date(2026, 3, 31));
    assert!(now.iter().any(|o| o.places > 0 && o.vacant() == 0));
    assert!(now.iter().any(|o| o.vacant() > 0));
}
