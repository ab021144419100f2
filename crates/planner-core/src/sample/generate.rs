//! The seeded generator of the synthetic sample county.
//!
//! How it works, in short:
//!
//! 1. Geography: real towns in and around Buckinghamshire (and a few far
//!    away) with approximate OSGB36 centres; every household, home and child's
//!    home gets a made-up postcode a short way from its town's centre, checked
//!    against the approximate county outline so that "in county" agrees with
//!    the polygon.
//! 2. Supply: in-house and IFA foster households and residential homes are
//!    drawn up front, each with the period it could take children (approval to
//!    resignation or closure).
//! 3. Demand: children enter care on random days from 2009 on (so that the
//!    children already in care when the history window opens have a realistic
//!    mix of ages and lengths of stay), alone or with siblings. Each episode is
//!    cut into one to five placements; each placement picks a category by age
//!    and history, then a provider with room for the whole interval (the
//!    occupancy of every household and home is kept as intervals, so no
//!    provider is ever over its places on any day).
//! 4. Children who had left care before the window opens (1 November 2021)
//!    are dropped; ids are given in order of entry and start.
//!
//! Everything is driven by one `ChaCha8Rng` seeded from the seed, iterates
//! only over vectors (never a hash map), and never reads the clock, so a seed
//! always gives the same county.

use super::{SampleCounty, SAMPLE_AS_AT};
use crate::model::codes::{CategoryOfNeed, LegalStatus};
use crate::model::date::age_on;
use crate::model::date::{days_between, financial_year_of};
use crate::model::placement::REASONS_FOR_CHANGE;
use crate::model::settings::financial_year_label;
use crate::model::{
    Carer, CarerSector, CarerStatus, Child, ChildStatus, CostRate, GridRef, Home, HomeSector,
    Pence, PlaceCode, Placement, PlacementCategory, PlacementSetting, Postcode, PostcodeEntry,
    ProviderCode, Settings, Sex, Specialism,
};
use geo::{Contains, Coord, LineString, Point, Polygon};
use jiff::civil::{date, Date};
use jiff::Span;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

/// The sample council's name; "synthetic sample" so nobody mistakes it for
/// the real council's data.
pub const COUNCIL_NAME: &str = "Buckinghamshire Council (synthetic sample)";
/// ONS code of Buckinghamshire Council (a unitary authority since 2020).
pub const COUNCIL_CODE: &str = "E06000060";

/// The history the sample is meant to show starts here; children who had left
/// care before it are dropped.
pub const HISTORY_START: Date = date(2021, 11, 1);
/// Entries are simulated from here so that the children in care when the
/// history opens have realistic ages and lengths of stay.
const SIMULATION_START: Date = date(2009, 1, 1);
/// Stands for "still open" in occupancy intervals.
const OPEN: Date = date(2100, 1, 1);
/// Supported accommodation is K3 from April 2025 and H5 before it.
const K3_FROM: Date = date(2025, 4, 1);
/// Prices are generated at 2026-27 levels.
const PRICE_YEAR: i32 = 2026;

/// An approximate outline of Buckinghamshire, OSGB36 easting/northing metres
/// (a closed ring: the first vertex is repeated at the end when written).
pub const BOUNDARY: &[(i32, i32)] = &[
    (503_500, 177_500),
    (504_500, 186_000),
    (503_000, 196_000),
    (500_500, 203_000),
    (494_500, 207_500),
    (489_500, 211_000),
    (488_500, 219_000),
    (484_000, 228_000),
    (480_000, 231_500),
    (474_000, 242_000),
    (464_000, 240_000),
    (461_000, 230_000),
    (465_000, 219_000),
    (473_000, 210_000),
    (473_000, 203_000),
    (474_000, 196_000),
    (476_000, 188_000),
    (482_000, 184_500),
    (488_000, 183_500),
    (493_000, 180_500),
    (498_000, 182_000),
    (501_500, 178_000),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// Inside the county.
    County,
    /// Outside, in a neighbouring area.
    Near,
    /// Far away (placements at a distance).
    Far,
}

struct Town {
    name: &'static str,
    easting: i32,
    northing: i32,
    districts: &'static [&'static str],
    la_code: &'static str,
    county_code: Option<&'static str>,
    zone: Zone,
    /// Relative weight for where families and households live.
    weight: u32,
}

#[allow(clippy::too_many_arguments)]
const fn town(
    name: &'static str,
    easting: i32,
    northing: i32,
    districts: &'static [&'static str],
    la_code: &'static str,
    county_code: Option<&'static str>,
    zone: Zone,
    weight: u32,
) -> Town {
    Town {
        name,
        easting,
        northing,
        districts,
        la_code,
        county_code,
        zone,
        weight,
    }
}

const OXON: Option<&str> = Some("E10000025");
const HERTS: Option<&str> = Some("E10000015");
const KENT: Option<&str> = Some("E10000016");

/// Approximate town centres (OSGB36 metres) with postcode districts.
#[rustfmt::skip]
const TOWNS: &[Town] = &[
    // In the county (unitary: no county code).
    town("Aylesbury", 482_000, 213_500, &["HP19", "HP20", "HP21", "HP22"], COUNCIL_CODE, None, Zone::County, 30),
    town("High Wycombe", 486_500, 193_000, &["HP10", "HP11", "HP12", "HP13", "HP14", "HP15"], COUNCIL_CODE, None, Zone::County, 28),
    town("Amersham", 496_500, 197_500, &["HP6", "HP7"], COUNCIL_CODE, None, Zone::County, 6),
    town("Chesham", 496_000, 201_500, &["HP5"], COUNCIL_CODE, None, Zone::County, 7),
    town("Buckingham", 469_500, 233_800, &["MK18"], COUNCIL_CODE, None, Zone::County, 5),
    town("Beaconsfield", 494_000, 190_000, &["HP9"], COUNCIL_CODE, None, Zone::County, 4),
    town("Marlow", 485_000, 186_500, &["SL7"], COUNCIL_CODE, None, Zone::County, 5),
    town("Princes Risborough", 480_500, 203_500, &["HP27"], COUNCIL_CODE, None, Zone::County, 3),
    town("Wendover", 486_800, 207_800, &["HP22"], COUNCIL_CODE, None, Zone::County, 3),
    town("Gerrards Cross", 500_000, 188_000, &["SL9"], COUNCIL_CODE, None, Zone::County, 3),
    town("Winslow", 477_000, 227_500, &["MK18"], COUNCIL_CODE, None, Zone::County, 2),
    town("Haddenham", 474_000, 208_500, &["HP17"], COUNCIL_CODE, None, Zone::County, 2),
    town("Burnham", 493_000, 182_500, &["SL1"], COUNCIL_CODE, None, Zone::County, 4),
    town("Iver", 503_500, 181_500, &["SL0"], COUNCIL_CODE, None, Zone::County, 3),
    // Neighbouring areas.
    town("Milton Keynes", 485_500, 238_500, &["MK1", "MK2", "MK3", "MK4", "MK5", "MK6", "MK7", "MK8", "MK9", "MK10", "MK11", "MK12", "MK13", "MK14", "MK15"], "E06000042", None, Zone::Near, 14),
    town("Oxford", 451_500, 206_000, &["OX1", "OX2", "OX3", "OX4"], "E07000178", OXON, Zone::Near, 10),
    town("Bicester", 458_500, 222_500, &["OX26"], "E07000177", OXON, Zone::Near, 4),
    town("Thame", 470_500, 205_800, &["OX9"], "E07000179", OXON, Zone::Near, 3),
    town("Luton", 509_000, 221_500, &["LU1", "LU2", "LU3", "LU4"], "E06000032", None, Zone::Near, 10),
    town("Hemel Hempstead", 505_500, 207_000, &["HP1", "HP2", "HP3"], "E07000096", HERTS, Zone::Near, 6),
    town("Tring", 492_400, 211_400, &["HP23"], "E07000096", HERTS, Zone::Near, 2),
    town("Leighton Buzzard", 492_000, 225_000, &["LU7"], "E06000056", None, Zone::Near, 4),
    town("Watford", 511_000, 196_500, &["WD17", "WD18", "WD19", "WD24", "WD25"], "E07000103", HERTS, Zone::Near, 6),
    town("Slough", 497_500, 179_500, &["SL1", "SL2", "SL3"], "E06000039", None, Zone::Near, 8),
    town("Maidenhead", 488_500, 181_000, &["SL6"], "E06000040", None, Zone::Near, 4),
    town("Reading", 471_500, 173_500, &["RG1", "RG2", "RG4", "RG5", "RG6"], "E06000038", None, Zone::Near, 8),
    town("Uxbridge", 505_500, 184_000, &["UB8", "UB9", "UB10"], "E09000017", None, Zone::Near, 4),
    town("Northampton", 475_500, 260_500, &["NN1", "NN2", "NN3", "NN4", "NN5"], "E06000062", None, Zone::Near, 6),
    town("Bedford", 505_000, 249_500, &["MK40", "MK41", "MK42"], "E06000055", None, Zone::Near, 4),
    // Far away.
    town("Birmingham", 407_000, 286_500, &["B1", "B5", "B8", "B11", "B13", "B17", "B23", "B29", "B30"], "E08000025", None, Zone::Far, 10),
    town("Bristol", 359_000, 172_500, &["BS1", "BS3", "BS5", "BS7", "BS13", "BS16"], "E06000023", None, Zone::Far, 6),
    town("Manchester", 384_000, 398_000, &["M1", "M8", "M9", "M11", "M14", "M19", "M20"], "E08000003", None, Zone::Far, 5),
    town("Maidstone", 576_000, 155_500, &["ME14", "ME15", "ME16"], "E07000110", KENT, Zone::Far, 4),
    town("Stoke-on-Trent", 388_000, 347_000, &["ST1", "ST2", "ST3", "ST4"], "E06000021", None, Zone::Far, 5),
    town("Swindon", 415_000, 185_000, &["SN1", "SN2", "SN3", "SN4", "SN5"], "E06000030", None, Zone::Far, 5),
    town("Croydon", 532_500, 165_500, &["CR0"], "E09000008", None, Zone::Far, 4),
];

/// Royal Mail leaves C, I, K, M, O and V out of the inward code's letters.
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

#[rustfmt::skip]
const BOYS: &[&str] = &[
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar",
    "William", "James", "Leo", "Alfie", "Henry", "Joshua", "Freddie", "Archie", "Ethan", "Isaac",
    "Alexander", "Joseph", "Edward", "Samuel", "Max", "Logan", "Lucas", "Daniel", "Theo", "Arthur",
    "Mohammed", "Harrison", "Benjamin", "Mason", "Finley", "Sebastian", "Adam", "Dylan", "Zachary", "Riley",
];
#[rustfmt::skip]
const GIRLS: &[&str] = &[
    "Olivia", "Amelia", "Emily", "Isla", "Ava", "Jessica", "Isabella", "Lily", "Ella", "Mia",
    "Sophie", "Poppy", "Grace", "Evie", "Charlotte", "Ruby", "Sophia", "Freya", "Chloe", "Daisy",
    "Florence", "Millie", "Phoebe", "Layla", "Holly", "Ellie", "Scarlett", "Evelyn", "Erin", "Megan",
    "Matilda", "Rosie", "Imogen", "Lucy", "Maya", "Harriet", "Amber", "Esme", "Zara", "Aisha",
];
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
    "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
    "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Khan",
];

/// Fictional fostering agencies: (name, charity?, price at 2026-27 in pounds).
const AGENCIES: &[(&str, bool, i64)] = &[
    ("Horizon Fostering Ltd", false, 1_150),
    ("Brightwater Family Care (charity)", true, 1_020),
    ("Chiltern Valley Fostering Ltd", false, 1_100),
    ("Thames Family Placements Ltd", false, 1_200),
    ("Oakleaf Foster Care (charity)", true, 990),
    ("Meridian Fostering Group Ltd", false, 1_180),
];
const AGENCY_WEIGHTS: &[f64] = &[24.0, 14.0, 20.0, 16.0, 10.0, 16.0];

/// Fictional residential providers: (name, voluntary?).
const HOME_PROVIDERS: &[(&str, bool)] = &[
    ("Ashdown Care Group Ltd", false),
    ("Willowmere Children's Services Ltd", false),
    ("Kestrel Residential Care Ltd", false),
    ("Harbour Homes for Children (charity)", true),
    ("Northgate Young People's Care Ltd", false),
    ("Fernbrook Care (charity)", true),
    ("Summit Childcare Ltd", false),
];
#[rustfmt::skip]
const HOME_TREES: &[&str] = &[
    "Oak", "Beech", "Willow", "Rowan", "Hazel", "Cedar", "Elm", "Ash", "Holly", "Maple",
    "Birch", "Alder", "Juniper", "Laurel", "Hawthorn", "Linden", "Poplar", "Chestnut", "Sycamore", "Yew",
];
const HOME_KINDS: &[&str] = &["House", "Lodge", "View", "Cottage", "Court", "Grange"];

/// The placement categories the simulation chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Foster,
    Kinship,
    Residential,
    Supported,
    Parents,
    Secure,
}

/// When a household or home could take children, and the intervals
/// `[start, end)` of the placements it has (end `OPEN` while open).
#[derive(Debug, Clone)]
struct Slot {
    from: Date,
    until: Date,
    intervals: Vec<(Date, Date)>,
}

impl Slot {
    fn new(from: Date, until: Date) -> Slot {
        Slot {
            from,
            until,
            intervals: Vec::new(),
        }
    }

    /// Whether the new intervals fit within the availability and never take
    /// the number of children placed at once above `capacity`.
    fn fits(&self, capacity: u8, new: &[(Date, Date)]) -> bool {
        if new.iter().any(|&(s, e)| s < self.from || e > self.until) {
            return false;
        }
        let mut all: Vec<(Date, Date)> = self
            .intervals
            .iter()
            .copied()
            .filter(|&(s, e)| new.iter().any(|&(ns, ne)| s < ne && ns < e))
            .collect();
        all.extend_from_slice(new);
        all.iter().all(|&(p, _)| {
            all.iter().filter(|&&(s, e)| s <= p && p < e).count() <= usize::from(capacity)
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    Carer(usize),
    Home(usize),
    Elsewhere,
}

struct SimChild {
    name: String,
    dob: Date,
    sex: Sex,
    legal_status: LegalStatus,
    category_of_need: CategoryOfNeed,
    disability: bool,
    /// Index of the unit of siblings the child entered with (when more than one).
    sibling_unit: Option<usize>,
    home: Option<(Postcode, GridRef)>,
    entered: Date,
    /// End of the episode (capped at the 18th birthday), or `OPEN`.
    end: Date,
    awaiting: bool,
    last_placement: Option<usize>,
}

struct SimPlacement {
    child: usize,
    setting: Setting,
    postcode: Option<Postcode>,
    start: Date,
    /// `OPEN` while open.
    end: Date,
    weekly_cost: Pence,
    place: PlaceCode,
    provider: ProviderCode,
    reason: Option<&'static str>,
}

struct Gen {
    rng: ChaCha8Rng,
    polygon: Polygon<f64>,
    postcodes: Vec<PostcodeEntry>,
    used_postcodes: BTreeSet<String>,
    carers: Vec<Carer>,
    /// Parallel to `carers`.
    carer_slots: Vec<Slot>,
    homes: Vec<Home>,
    /// Parallel to `homes`.
    home_slots: Vec<Slot>,
    children: Vec<SimChild>,
    placements: Vec<SimPlacement>,
    units: usize,
}

/// Generates the sample county for a seed. The same seed always gives the
/// same county.
pub fn generate(seed: u64) -> SampleCounty {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        polygon: county_polygon(),
        postcodes: Vec::new(),
        used_postcodes: BTreeSet::new(),
        carers: Vec::new(),
        carer_slots: Vec::new(),
        homes: Vec::new(),
        home_slots: Vec::new(),
        children: Vec::new(),
        placements: Vec::new(),
        units: 0,
    };
    g.make_in_house_carers();
    g.make_ifa_carers();
    g.make_homes();
    g.simulate_entries();
    g.make_awaiting();
    let mut county = g.finish();
    county.referrals = super::referrals::referrals_for_awaiting(&county.children);
    county
}

/// The county outline as a `geo` polygon in OSGB36 metres.
pub fn county_polygon() -> Polygon<f64> {
    let mut ring: Vec<Coord<f64>> = BOUNDARY
        .iter()
        .map(|&(e, n)| Coord {
            x: f64::from(e),
            y: f64::from(n),
        })
        .collect();
    ring.push(ring[0]);
    Polygon::new(LineString::new(ring), Vec::new())
}

/// The county outline as GeoJSON text: a FeatureCollection with one Feature.
pub fn boundary_geojson() -> String {
    let quote = |text: &str| serde_json::to_string(text).expect("a string is JSON");
    let mut ring: Vec<(i32, i32)> = BOUNDARY.to_vec();
    ring.push(ring[0]);
    let vertices: Vec<String> = ring
        .iter()
        .map(|(e, n)| format!("          [{e}, {n}]"))
        .collect();
    format!(
        r#"{{
  "type": "FeatureCollection",
  "crs": {{ "type": "name", "properties": {{ "name": "urn:ogc:def:crs:EPSG::27700" }} }},
  "features": [
    {{
      "type": "Feature",
      "properties": {{
        "code": {code},
        "name": {name},
        "crs_note": {note}
      }},
      "geometry": {{
        "type": "Polygon",
        "coordinates": [[
{vertices}
        ]]
      }}
    }}
  ]
}}
"#,
        code = quote(COUNCIL_CODE),
        name = quote(COUNCIL_NAME),
        note = quote(
            "Coordinates are OSGB36 (British National Grid, EPSG:27700) easting/northing in metres, \
             not WGS84 longitude/latitude; an approximate outline drawn for the synthetic sample."
        ),
        vertices = vertices.join(",\n"),
    )
}

/// Weekly cost rates for each category, financial years 2021-22 to 2026-27.
///
/// Each series starts from one figure in `shared/domain.md`, taken in the
/// year it was published, and is carried to the other years by a stated rate:
/// - external residential: County Councils Network £6,108 (2024), moved by
///   the 9% a year derived from CCN's £3,935 (2019) → £6,108 (2024);
/// - own residential: NAO £6,120 a place (2023-24), moved by 4% a year (an
///   assumption for the council's own costs: no figure in the primer);
/// - IFA: CMA market study £820 (2021), moved forward by 5% a year (an
///   assumption: the primer gives no IFA price inflation);
/// - in-house: the 2018 Valuing Care council fee £396 (kept flat) plus the
///   mean South East National Minimum Allowance for 2025-26 (£227), moved by
///   the 3.55% DfE allowance uplift a year;
/// - kinship: the same South East allowance (£227, 2025-26), moved by 3.55%;
/// - supported, secure and with parents: no figure in the primer, so sample
///   assumptions at 2026-27 prices (£2,000, £9,000, £100), moved by 4%.
pub fn cost_rates() -> Vec<CostRate> {
    struct Series {
        category: PlacementCategory,
        base_year: i32,
        base_pounds: f64,
        rate: f64,
        source: &'static str,
    }
    let series = [
        Series {
            category: PlacementCategory::InHouseFostering,
            base_year: 2025,
            base_pounds: 396.0 + 227.0,
            rate: 0.0355,
            source: "Valuing Care council foster fee £396 (2018) + mean South East National Minimum Allowance £227 (2025-26, DfE); other years moved by the 3.55% DfE allowance uplift",
        },
        Series {
            category: PlacementCategory::IfaFostering,
            base_year: 2021,
            base_pounds: 820.0,
            rate: 0.05,
            source: "CMA children's social care market study: IFA placement about £820 a week (2021); later years +5% a year (sample assumption)",
        },
        Series {
            category: PlacementCategory::Kinship,
            base_year: 2025,
            base_pounds: 227.0,
            rate: 0.0355,
            source: "Mean South East National Minimum Allowance £227 (2025-26, DfE); other years moved by the 3.55% uplift",
        },
        Series {
            category: PlacementCategory::OwnResidential,
            base_year: 2023,
            base_pounds: 6_120.0,
            rate: 0.04,
            source: "NAO: children's home place about £6,120 a week (2023-24); other years moved by 4% a year (sample assumption)",
        },
        Series {
            category: PlacementCategory::ExternalResidential,
            base_year: 2024,
            base_pounds: 6_108.0,
            rate: 0.09,
            source: "County Councils Network: residential average £6,108 a week (2024); other years moved by 9% a year (CCN £3,935 in 2019 to £6,108 in 2024)",
        },
        Series {
            category: PlacementCategory::SupportedAccommodation,
            base_year: 2026,
            base_pounds: 2_000.0,
            rate: 0.04,
            source: "Sample assumption £2,000 a week (2026-27; no figure in the primer); other years moved by 4% a year",
        },
        Series {
            category: PlacementCategory::Secure,
            base_year: 2026,
            base_pounds: 9_000.0,
            rate: 0.04,
            source: "Sample assumption £9,000 a week (2026-27; no figure in the primer); other years moved by 4% a year",
        },
        Series {
            category: PlacementCategory::WithParents,
            base_year: 2026,
            base_pounds: 100.0,
            rate: 0.04,
            source: "Sample assumption £100 a week of support (2026-27; no figure in the primer); other years moved by 4% a year",
        },
    ];
    let mut out = Vec::new();
    for s in &series {
        for year in 2021..=PRICE_YEAR {
            let pounds = s.base_pounds * (1.0 + s.rate).powi(year - s.base_year);
            out.push(CostRate {
                category: s.category,
                financial_year: year,
                weekly_cost: Pence::from_pounds(pounds.round() as i64),
                source: format!("{} [{}]", s.source, financial_year_label(year)),
            });
        }
    }
    out
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(Span::new().days(n)).expect("date in range")
}

fn eighteenth_birthday(dob: Date) -> Date {
    dob.checked_add(Span::new().years(18))
        .expect("date in range")
}

/// The weekly price of a placement from a 2026-27 price in whole pounds: a
/// placement still open is at today's price (prices are uplifted each April);
/// one that has ended keeps the price of the financial year it started in,
/// taken back at 4% a year, to the nearest pound.
fn price_at(pounds_now: i64, start: Date, end: Date) -> Pence {
    if end == OPEN {
        return Pence::from_pounds(pounds_now);
    }
    let years = (PRICE_YEAR - financial_year_of(start)).max(0);
    let pounds = pounds_now as f64 / 1.04f64.powi(years);
    Pence::from_pounds(pounds.round() as i64)
}

fn pick_weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> Option<usize> {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut x = rng.random::<f64>() * total;
    let mut last = None;
    for (i, &w) in weights.iter().enumerate() {
        if w > 0.0 {
            if x < w {
                return Some(i);
            }
            x -= w;
            last = Some(i);
        }
    }
    last
}

impl Gen {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    fn range(&mut self, lo: i64, hi_inclusive: i64) -> i64 {
        self.rng.random_range(lo..=hi_inclusive)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn date_between(&mut self, from: Date, to_exclusive: Date) -> Date {
        let n = days_between(from, to_exclusive);
        add_days(from, self.range(0, n - 1))
    }

    /// A town in `zone`, by the towns' weights.
    fn town_in(&mut self, zone: Zone) -> usize {
        let weights: Vec<f64> = TOWNS
            .iter()
            .map(|t| {
                if t.zone == zone {
                    f64::from(t.weight)
                } else {
                    0.0
                }
            })
            .collect();
        pick_weighted(&mut self.rng, &weights).expect("towns in every zone")
    }

    fn zone(&mut self, county: f64, near: f64) -> Zone {
        let x = self.rng.random::<f64>();
        if x < county {
            Zone::County
        } else if x < county + near {
            Zone::Near
        } else {
            Zone::Far
        }
    }

    /// A new, unique postcode within about 1.5 km of the town's centre, on the
    /// right side of the county outline.
    fn new_postcode(&mut self, town_index: usize) -> (Postcode, GridRef) {
        let t = &TOWNS[town_index];
        let inside_wanted = t.zone == Zone::County;
        let mut grid = None;
        for attempt in 0..10_000 {
            let radius = if attempt < 5_000 { 1_500.0 } else { 700.0 };
            let r = radius * self.rng.random::<f64>().sqrt();
            let theta = self.rng.random::<f64>() * std::f64::consts::TAU;
            let e = (f64::from(t.easting) + r * theta.cos()).round();
            let n = (f64::from(t.northing) + r * theta.sin()).round();
            let inside = self.polygon.contains(&Point::new(e, n));
            if inside == inside_wanted {
                grid = Some(GridRef::new(e as i32, n as i32));
                break;
            }
        }
        let grid = grid
            .unwrap_or_else(|| panic!("no point near {} on the right side of the outline", t.name));
        let postcode = loop {
            let district = *self.pick(t.districts);
            let digit = self.range(0, 9);
            let a = char::from(*self.pick(INWARD_LETTERS));
            let b = char::from(*self.pick(INWARD_LETTERS));
            let text = format!("{district} {digit}{a}{b}");
            if self.used_postcodes.insert(text.clone()) {
                break Postcode::parse(&text).expect("generated postcodes are well formed");
            }
        };
        self.postcodes.push(PostcodeEntry {
            postcode,
            grid: Some(grid),
            latitude: None,
            longitude: None,
            la_code: Some(t.la_code.to_string()),
            county_code: t.county_code.map(str::to_string),
        });
        (postcode, grid)
    }

    fn person_name(&mut self) -> (String, String) {
        let first = if self.chance(0.5) {
            *self.pick(BOYS)
        } else {
            *self.pick(GIRLS)
        };
        let surname = *self.pick(SURNAMES);
        (first.to_string(), surname.to_string())
    }

    fn household_name(&mut self, surname: Option<&str>) -> String {
        let surname = surname
            .map(str::to_string)
            .unwrap_or_else(|| self.pick(SURNAMES).to_string());
        let one = *self.pick(GIRLS);
        if self.chance(0.7) {
            let two = *self.pick(BOYS);
            format!("{one} and {two} {surname}")
        } else if self.chance(0.5) {
            format!("{one} {surname}")
        } else {
            let two = *self.pick(BOYS);
            format!("{two} {surname}")
        }
    }

    /// An age range for a foster household.
    fn foster_age_range(&mut self, ifa: bool) -> (u8, u8) {
        let ranges: &[((u8, u8), f64)] = if ifa {
            &[
                ((0, 4), 8.0),
                ((0, 10), 14.0),
                ((0, 17), 24.0),
                ((5, 17), 20.0),
                ((8, 17), 12.0),
                ((11, 17), 22.0),
            ]
        } else {
            &[
                ((0, 4), 16.0),
                ((0, 10), 20.0),
                ((0, 17), 18.0),
                ((5, 10), 6.0),
                ((5, 17), 14.0),
                ((11, 17), 20.0),
                ((14, 17), 6.0),
            ]
        };
        let weights: Vec<f64> = ranges.iter().map(|r| r.1).collect();
        ranges[pick_weighted(&mut self.rng, &weights).expect("weights")].0
    }

    fn specialisms(&mut self, age_min: u8, places: u8) -> Vec<Specialism> {
        let mut out = Vec::new();
        if age_min >= 8 && self.chance(0.5) {
            out.push(Specialism::Adolescents);
        }
        if self.chance(0.08) {
            out.push(Specialism::Disability);
        }
        if age_min == 0 && places >= 2 && self.chance(0.12) {
            out.push(Specialism::ParentAndChild);
        }
        if age_min >= 5 && self.chance(0.08) {
            out.push(Specialism::StepDown);
        }
        if self.chance(0.06) {
            out.push(Specialism::Emergency);
        }
        if age_min >= 11 && self.chance(0.05) {
            out.push(Specialism::Remand);
        }
        out.sort();
        out
    }

    /// In-house fee plus allowance at 2026-27 prices by the child's age.
    fn in_house_cost(&mut self, age: i32) -> i64 {
        let (lo, hi) = match age {
            0..=4 => (400, 440),
            5..=10 => (450, 510),
            11..=15 => (520, 590),
            _ => (590, 650),
        };
        self.range(lo, hi)
    }

    fn make_in_house_carers(&mut self) {
        // 150 active, 6 on hold (until recently), 10 resigned during the history.
        let statuses = std::iter::repeat_n(CarerStatus::Active, 150)
            .chain(std::iter::repeat_n(CarerStatus::OnHold, 6))
            .chain(std::iter::repeat_n(CarerStatus::Resigned, 10));
        for (i, status) in statuses.enumerate() {
            let zone = if self.chance(0.80) {
                Zone::County
            } else {
                Zone::Near
            };
            let town = if zone == Zone::County {
                self.town_in(Zone::County)
            } else {
                // Just over the border.
                let near = [
                    "Tring",
                    "Thame",
                    "Leighton Buzzard",
                    "Milton Keynes",
                    "Hemel Hempstead",
                    "Maidenhead",
                    "Slough",
                ];
                let name = *self.pick(&near);
                TOWNS
                    .iter()
                    .position(|t| t.name == name)
                    .expect("town listed")
            };
            let (postcode, grid) = self.new_postcode(town);
            let places = match self.rng.random::<f64>() {
                x if x < 0.90 => 1,
                x if x < 0.99 => 2,
                _ => 3,
            };
            let (age_min, age_max) = self.foster_age_range(false);
            let takes_siblings = places >= 2 && self.chance(0.9);
            let specialisms = self.specialisms(age_min, places);
            let cost_age = i32::from(age_max).min(15);
            let weekly_cost = Pence::from_pounds(self.in_house_cost(cost_age));
            // About a quarter approved during the history (recruitment drive).
            let approval_date = if self.chance(0.27) {
                self.date_between(HISTORY_START, add_days(SAMPLE_AS_AT, -20))
            } else {
                self.date_between(date(2001, 1, 1), HISTORY_START)
            };
            let until = match status {
                CarerStatus::Active => OPEN,
                CarerStatus::OnHold => self.date_between(date(2026, 3, 1), date(2026, 9, 1)),
                CarerStatus::Resigned => self.date_between(date(2022, 3, 1), date(2026, 6, 1)),
            };
            let approval_date = if until <= approval_date {
                add_days(until, -900)
            } else {
                approval_date
            };
            let name = self.household_name(None);
            self.carers.push(Carer {
                id: format!("IH{:04}", i + 1),
                name,
                sector: CarerSector::InHouse,
                agency: None,
                approved_places: places,
                age_min,
                age_max,
                takes_siblings,
                specialisms,
                postcode: Some(postcode),
                location: Some(grid),
                weekly_cost,
                status,
                approval_date,
                ended_on: (status == CarerStatus::Resigned).then_some(until),
            });
            self.carer_slots.push(Slot::new(approval_date, until));
        }
    }

    fn make_ifa_carers(&mut self) {
        for i in 0..250 {
            let agency = pick_weighted(&mut self.rng, AGENCY_WEIGHTS).expect("weights");
            let (agency_name, _, price) = AGENCIES[agency];
            let zone = self.zone(0.10, 0.32);
            let town = self.town_in(zone);
            let (postcode, grid) = self.new_postcode(town);
            let places = match self.rng.random::<f64>() {
                x if x < 0.40 => 1,
                x if x < 0.85 => 2,
                _ => 3,
            };
            let (age_min, age_max) = self.foster_age_range(true);
            let takes_siblings = places >= 2 && self.chance(0.6);
            let specialisms = self.specialisms(age_min, places);
            let weekly_cost = Pence::from_pounds((price + self.range(-60, 100)).clamp(950, 1_300));
            let approval_date = self.date_between(date(2004, 1, 1), add_days(SAMPLE_AS_AT, -30));
            let name = self.household_name(None);
            self.carers.push(Carer {
                id: format!("IF{:04}", i + 1),
                name,
                sector: CarerSector::Ifa,
                agency: Some(agency_name.to_string()),
                approved_places: places,
                age_min,
                age_max,
                takes_siblings,
                specialisms,
                postcode: Some(postcode),
                location: Some(grid),
                weekly_cost,
                status: CarerStatus::Active,
                approval_date,
                ended_on: None,
            });
            self.carer_slots.push(Slot::new(approval_date, OPEN));
        }
    }

    fn make_homes(&mut self) {
        let mut names = BTreeSet::new();
        let mut urns = BTreeSet::new();
        // The council's own home, then private and voluntary homes:
        // 2 in the county, 8 in neighbouring areas, 24 far away.
        let zones = std::iter::repeat_n(Zone::County, 3)
            .chain(std::iter::repeat_n(Zone::Near, 8))
            .chain(std::iter::repeat_n(Zone::Far, 24));
        for (i, zone) in zones.enumerate() {
            let own = i == 0;
            let town = if own {
                TOWNS
                    .iter()
                    .position(|t| t.name == "Aylesbury")
                    .expect("Aylesbury")
            } else {
                self.town_in(zone)
            };
            let (postcode, grid) = self.new_postcode(town);
            let name = loop {
                let n = format!("{} {}", self.pick(HOME_TREES), self.pick(HOME_KINDS));
                if names.insert(n.clone()) {
                    break n;
                }
            };
            let urn = loop {
                let u = format!("SC{:06}", self.range(100_000, 999_999));
                if urns.insert(u.clone()) {
                    break u;
                }
            };
            let (provider, sector) = if own {
                (
                    "Buckinghamshire Council".to_string(),
                    HomeSector::OwnCouncil,
                )
            } else {
                let (p, voluntary) = *self.pick(HOME_PROVIDERS);
                (
                    p.to_string(),
                    if voluntary {
                        HomeSector::Voluntary
                    } else {
                        HomeSector::Private
                    },
                )
            };
            let beds = if own { 4 } else { self.range(2, 6) as u8 };
            let age_min = if own {
                11
            } else {
                *self.pick(&[8u8, 10, 11, 12])
            };
            let cost = if own {
                5_000
            } else if sector == HomeSector::Voluntary {
                self.range(5_500, 7_200)
            } else {
                self.range(5_800, 8_500)
            };
            // Two far homes closed during the history.
            let closed_on = match i {
                20 => Some(date(2023, 6, 30)),
                27 => Some(date(2024, 9, 30)),
                _ => None,
            };
            self.homes.push(Home {
                id: format!("RH{:03}", i + 1),
                name,
                provider,
                sector,
                ofsted_urn: Some(urn),
                registered_beds: beds,
                age_min,
                age_max: 17,
                postcode: Some(postcode),
                location: Some(grid),
                weekly_cost_per_bed: Pence::from_pounds(cost),
                closed_on,
            });
            self.home_slots
                .push(Slot::new(date(2000, 1, 1), closed_on.unwrap_or(OPEN)));
        }
    }

    /// Children entering care on random days, alone or with siblings.
    fn simulate_entries(&mut self) {
        // Units (a child or a sibling group) entering per year.
        const UNITS_PER_YEAR: f64 = 152.0;
        let p = UNITS_PER_YEAR / 365.25;
        let mut day = SIMULATION_START;
        while day < SAMPLE_AS_AT {
            if self.chance(p) {
                self.enter_unit(day);
            }
            day = add_days(day, 1);
        }
    }

    fn entry_age(&mut self) -> i32 {
        match self.rng.random::<f64>() {
            x if x < 0.20 => self.range(0, 4) as i32,
            x if x < 0.40 => self.range(5, 9) as i32,
            x if x < 0.80 => self.range(10, 15) as i32,
            _ => self.range(16, 17) as i32,
        }
    }

    fn dob_for_age(&mut self, age: i32, on: Date) -> Date {
        let birthday = on
            .checked_add(Span::new().years(-i64::from(age)))
            .expect("date");
        // Born within the year before that birthday (so `age` on `on`).
        add_days(birthday, -self.range(0, 364))
    }

    fn legal_status(&mut self, age: i32) -> LegalStatus {
        use LegalStatus::*;
        let x = self.rng.random::<f64>();
        if age >= 16 {
            return if x < 0.55 {
                V2
            } else if x < 0.85 {
                C2
            } else if x < 0.95 {
                C1
            } else {
                J1
            };
        }
        match x {
            x if x < 0.52 => C2,
            x if x < 0.74 => V2,
            x if x < 0.89 => C1,
            x if x < 0.95 => {
                if age < 10 {
                    E1
                } else {
                    C2
                }
            }
            x if x < 0.97 => L2,
            x if x < 0.98 => L1,
            _ => {
                if age >= 12 {
                    J1
                } else {
                    V2
                }
            }
        }
    }

    fn category_of_need(&mut self) -> CategoryOfNeed {
        use CategoryOfNeed::*;
        match self.rng.random::<f64>() {
            x if x < 0.60 => N1,
            x if x < 0.75 => N4,
            x if x < 0.88 => N5,
            x if x < 0.91 => N2,
            x if x < 0.93 => N3,
            x if x < 0.95 => N6,
            x if x < 0.96 => N7,
            _ => N8,
        }
    }

    fn enter_unit(&mut self, entry: Date) {
        let size = match self.rng.random::<f64>() {
            x if x < 0.855 => 1,
            x if x < 0.955 => 2,
            _ => 3,
        };
        let unit = self.units;
        self.units += 1;
        // Where the family lives: mostly in the county.
        let home = if self.chance(0.01) {
            None
        } else {
            let zone = if self.chance(0.95) {
                Zone::County
            } else {
                Zone::Near
            };
            let town = self.town_in(zone);
            Some(self.new_postcode(town))
        };
        let surname = self.pick(SURNAMES).to_string();
        let eldest_age = self.entry_age();
        let legal = self.legal_status(eldest_age);
        let cin = self.category_of_need();
        // How long the episode lasts.
        let length = match self.rng.random::<f64>() {
            x if x < 0.28 => self.range(10, 180),
            x if x < 0.52 => self.range(181, 730),
            _ => self.range(731, 3_800),
        };
        let drawn_end = add_days(entry, length);
        let mut members = Vec::new();
        let mut age = eldest_age;
        for k in 0..size {
            if k > 0 {
                age = (age - self.range(1, 4) as i32).max(0);
            }
            let dob = self.dob_for_age(age, entry);
            let sex = if self.chance(0.55) {
                Sex::Male
            } else {
                Sex::Female
            };
            let first = match sex {
                Sex::Male => *self.pick(BOYS),
                Sex::Female => *self.pick(GIRLS),
            };
            let end = drawn_end.min(eighteenth_birthday(dob));
            let end = if end > SAMPLE_AS_AT { OPEN } else { end };
            let legal_status = if k == 0 || self.chance(0.9) {
                legal
            } else {
                self.legal_status(age)
            };
            let disability = self.chance(0.08);
            let category_of_need = if disability && self.chance(0.4) {
                CategoryOfNeed::N2
            } else {
                cin
            };
            self.children.push(SimChild {
                name: format!("{first} {surname}"),
                dob,
                sex,
                legal_status,
                category_of_need,
                disability,
                sibling_unit: (size > 1).then_some(unit),
                home,
                entered: entry,
                end,
                awaiting: false,
                last_placement: None,
            });
            members.push(self.children.len() - 1);
        }
        let unit_end = members
            .iter()
            .map(|&m| self.children[m].end)
            .max()
            .expect("members");
        let segments = self.segments(entry, unit_end);
        self.run_unit(&members, &segments, None, None, true);
    }

    /// Cuts the episode `[entry, end)` into placements: `[start, end)` pairs
    /// with moves only before the as-at date; the last ends `OPEN` when the
    /// episode is still open.
    fn segments(&mut self, entry: Date, end: Date) -> Vec<(Date, Date)> {
        let real_end = if end == OPEN {
            add_days(SAMPLE_AS_AT, 400)
        } else {
            end
        };
        let len = days_between(entry, real_end);
        let weights: &[f64] = match len {
            0..=90 => &[85.0, 15.0],
            91..=365 => &[60.0, 30.0, 10.0],
            366..=1095 => &[40.0, 33.0, 19.0, 8.0],
            _ => &[30.0, 30.0, 22.0, 12.0, 6.0],
        };
        let n = pick_weighted(&mut self.rng, weights).expect("weights") + 1;
        let mut cuts = Vec::new();
        if len > 60 {
            for _ in 1..n {
                let c = add_days(entry, self.range(21, len - 21));
                if c < SAMPLE_AS_AT {
                    cuts.push(c);
                }
            }
        }
        cuts.sort();
        let mut bounds = vec![entry];
        for c in cuts {
            if days_between(*bounds.last().expect("entry"), c) >= 14
                && days_between(c, real_end) >= 14
            {
                bounds.push(c);
            }
        }
        bounds.push(end);
        bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }

    /// Places a unit of children (siblings placed together) through its
    /// placements, splitting it when they cannot stay together.
    fn run_unit(
        &mut self,
        members: &[usize],
        segments: &[(Date, Date)],
        mut prev_cat: Option<Cat>,
        mut prev_setting: Option<Setting>,
        mut first: bool,
    ) {
        for (i, &(s, e)) in segments.iter().enumerate() {
            let active: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&m| s < self.children[m].end)
                .collect();
            if active.is_empty() {
                return;
            }
            let intervals: Vec<(usize, Date, Date)> = active
                .iter()
                .map(|&m| (m, s, e.min(self.children[m].end)))
                .collect();
            match self.place(&intervals, prev_cat, prev_setting, first) {
                Some((cat, setting)) => {
                    prev_cat = Some(cat);
                    prev_setting = Some(setting);
                    first = false;
                }
                None => {
                    for &m in &active {
                        self.run_unit(&[m], &segments[i..], prev_cat, prev_setting, first);
                    }
                    return;
                }
            }
        }
    }

    fn category_weights(
        &self,
        age: i32,
        first: bool,
        prev: Option<Cat>,
        disability: bool,
    ) -> Vec<(Cat, f64)> {
        use Cat::*;
        let mut w: Vec<(Cat, f64)> = match age {
            0..=4 => vec![(Foster, 86.0), (Kinship, 8.5), (Parents, 5.0)],
            5..=7 => vec![(Foster, 86.0), (Kinship, 7.5), (Parents, 4.5)],
            8..=10 => vec![
                (Foster, 80.0),
                (Kinship, 7.0),
                (Parents, 4.0),
                (Residential, 10.0),
            ],
            11..=15 => vec![
                (Foster, 55.0),
                (Kinship, 4.5),
                (Parents, 3.2),
                (Residential, 40.0),
                (Secure, 0.4),
            ],
            _ => vec![
                (Foster, 36.0),
                (Kinship, 3.0),
                (Parents, 2.0),
                (Residential, 26.0),
                (Supported, 55.0),
                (Secure, 0.3),
            ],
        };
        for (cat, weight) in w.iter_mut() {
            if first && *cat == Secure {
                *weight = 0.0;
            }
            if disability && *cat == Residential {
                *weight *= 1.6;
            }
            match prev {
                Some(Residential) if *cat == Residential => *weight *= 1.2,
                Some(Residential) if *cat == Foster => *weight *= 1.2,
                Some(Supported) if *cat == Supported => *weight *= 2.0,
                Some(Parents) if *cat == Parents => *weight *= 0.3,
                Some(Secure) if *cat == Secure => *weight = 0.0,
                _ => {}
            }
        }
        w
    }

    /// Places the children in `intervals` (one unit) for one segment; `None`
    /// when they cannot be placed together.
    fn place(
        &mut self,
        intervals: &[(usize, Date, Date)],
        prev_cat: Option<Cat>,
        prev_setting: Option<Setting>,
        first: bool,
    ) -> Option<(Cat, Setting)> {
        let s = intervals[0].1;
        let ages: Vec<i32> = intervals
            .iter()
            .map(|&(m, _, _)| age_on(self.children[m].dob, s))
            .collect();
        let eldest = *ages.iter().max().expect("members");
        let disability = intervals
            .iter()
            .any(|&(m, _, _)| self.children[m].disability);
        let group = intervals.len() > 1;
        let mut weights = self.category_weights(eldest, first, prev_cat, disability);
        loop {
            let ws: Vec<f64> = weights.iter().map(|w| w.1).collect();
            let Some(k) = pick_weighted(&mut self.rng, &ws) else {
                // Nothing else fits: an emergency kinship arrangement.
                return Some((Cat::Kinship, self.place_kinship(intervals)));
            };
            let cat = weights[k].0;
            weights[k].1 = 0.0;
            let individual_only = matches!(cat, Cat::Residential | Cat::Supported | Cat::Secure);
            if group && individual_only {
                return None;
            }
            let setting = match cat {
                Cat::Foster => self.place_foster(intervals, &ages, prev_cat, prev_setting),
                Cat::Kinship => Some(self.place_kinship(intervals)),
                Cat::Residential => self.place_residential(intervals, eldest, prev_setting),
                Cat::Supported => Some(self.place_supported(intervals)),
                Cat::Parents => Some(self.place_with_parents(intervals)),
                Cat::Secure => Some(self.place_secure(intervals)),
            };
            match setting {
                Some(setting) => return Some((cat, setting)),
                None if group && cat == Cat::Foster => return None,
                None => {}
            }
        }
    }

    fn home_grid(&self, child: usize) -> GridRef {
        self.children[child]
            .home
            .as_ref()
            .map(|h| h.1)
            .unwrap_or(GridRef::new(482_000, 213_500))
    }

    fn reason(&mut self) -> &'static str {
        const WEIGHTS: &[(&str, f64)] = &[
            ("CARPL", 30.0),
            ("CLOSE", 3.0),
            ("ALLEG", 3.0),
            ("STAND", 3.0),
            ("APPRR", 2.0),
            ("CREQB", 15.0),
            ("CREQO", 8.0),
            ("CHILD", 8.0),
            ("LAREQ", 8.0),
            ("PLACE", 15.0),
            ("OTHER", 5.0),
        ];
        let ws: Vec<f64> = WEIGHTS.iter().map(|w| w.1).collect();
        let code = WEIGHTS[pick_weighted(&mut self.rng, &ws).expect("weights")].0;
        REASONS_FOR_CHANGE
            .iter()
            .map(|r| r.0)
            .find(|&c| c == code)
            .expect("reason codes come from REASONS_FOR_CHANGE")
    }

    #[allow(clippy::too_many_arguments)]
    fn push_placement(
        &mut self,
        child: usize,
        setting: Setting,
        postcode: Option<Postcode>,
        start: Date,
        end: Date,
        weekly_cost: Pence,
        place: PlaceCode,
        provider: ProviderCode,
    ) {
        if let Some(last) = self.children[child].last_placement {
            let reason = self.reason();
            self.placements[last].reason = Some(reason);
        }
        self.placements.push(SimPlacement {
            child,
            setting,
            postcode,
            start,
            end,
            weekly_cost,
            place,
            provider,
            reason: None,
        });
        self.children[child].last_placement = Some(self.placements.len() - 1);
    }

    fn place_foster(
        &mut self,
        intervals: &[(usize, Date, Date)],
        ages: &[i32],
        prev_cat: Option<Cat>,
        prev_setting: Option<Setting>,
    ) -> Option<Setting> {
        let youngest = *ages.iter().min().expect("members");
        let try_in_house = self.chance(if youngest >= 11 { 0.85 } else { 0.92 });
        let mut chosen = None;
        if try_in_house {
            chosen = self.pick_carer(
                CarerSector::InHouse,
                intervals,
                ages,
                prev_cat,
                prev_setting,
            );
        }
        if chosen.is_none() {
            chosen = self.pick_carer(CarerSector::Ifa, intervals, ages, prev_cat, prev_setting);
        }
        let c = chosen?;
        for (&(m, start, end), &age) in intervals.iter().zip(ages) {
            // Households rest between children: the place stays empty for a
            // few weeks after a child leaves.
            let rest = if self.carers[c].sector == CarerSector::InHouse {
                self.range(21, 180)
            } else {
                self.range(7, 60)
            };
            let blocked = if end == OPEN {
                OPEN
            } else {
                add_days(end, rest)
            };
            self.carer_slots[c].intervals.push((start, blocked));
            let carer = &self.carers[c];
            let (cost, provider) = match carer.sector {
                CarerSector::InHouse => (self.in_house_cost(age), ProviderCode::PR1),
                _ => {
                    let charity = carer
                        .agency
                        .as_deref()
                        .is_some_and(|a| a.contains("(charity)"));
                    (
                        carer.weekly_cost.0 / 100,
                        if charity {
                            ProviderCode::PR5
                        } else {
                            ProviderCode::PR4
                        },
                    )
                }
            };
            let place = match self.rng.random::<f64>() {
                x if x < 0.03 && age < 2 && provider == ProviderCode::PR1 => PlaceCode::U5,
                x if x < 0.40 && age >= 3 => PlaceCode::U4,
                _ => PlaceCode::U6,
            };
            self.push_placement(
                m,
                Setting::Carer(c),
                None,
                start,
                end,
                price_at(cost, start, end),
                place,
                provider,
            );
        }
        Some(Setting::Carer(c))
    }

    fn pick_carer(
        &mut self,
        sector: CarerSector,
        intervals: &[(usize, Date, Date)],
        ages: &[i32],
        prev_cat: Option<Cat>,
        prev_setting: Option<Setting>,
    ) -> Option<usize> {
        let s = intervals[0].1;
        let k = intervals.len();
        let home = self.home_grid(intervals[0].0);
        let disability = intervals
            .iter()
            .any(|&(m, _, _)| self.children[m].disability);
        let eldest = *ages.iter().max().expect("members");
        let mut weights: Vec<f64> = self
            .carers
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let slot = &self.carer_slots[i];
                if c.sector != sector
                    || prev_setting == Some(Setting::Carer(i))
                    || !ages.iter().all(|&a| c.approves_age(a))
                    || (k > 1 && (!c.takes_siblings || usize::from(c.approved_places) < k))
                    || s < slot.from
                    || slot.until <= s
                {
                    return 0.0;
                }
                let d = home.miles_to(c.location.expect("carers have locations"));
                let scale = if sector == CarerSector::InHouse {
                    12.0
                } else {
                    40.0
                };
                let mut w = 1.0 / (1.0 + (d / scale).powi(2));
                if disability && c.specialisms.contains(&Specialism::Disability) {
                    w *= 3.0;
                }
                if prev_cat == Some(Cat::Residential)
                    && c.specialisms.contains(&Specialism::StepDown)
                {
                    w *= 4.0;
                }
                if eldest >= 13 && c.specialisms.contains(&Specialism::Adolescents) {
                    w *= 2.0;
                }
                w
            })
            .collect();
        let new: Vec<(Date, Date)> = intervals.iter().map(|&(_, s, e)| (s, e)).collect();
        loop {
            let i = pick_weighted(&mut self.rng, &weights)?;
            if self.carer_slots[i].fits(self.carers[i].approved_places, &new) {
                return Some(i);
            }
            weights[i] = 0.0;
        }
    }

    fn place_residential(
        &mut self,
        intervals: &[(usize, Date, Date)],
        age: i32,
        prev_setting: Option<Setting>,
    ) -> Option<Setting> {
        let (m, s, e) = intervals[0];
        let home = self.home_grid(m);
        let mut weights: Vec<f64> = self
            .homes
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let slot = &self.home_slots[i];
                if prev_setting == Some(Setting::Home(i))
                    || age < i32::from(h.age_min)
                    || age > i32::from(h.age_max)
                    || s < slot.from
                    || slot.until <= s
                {
                    return 0.0;
                }
                let d = home.miles_to(h.location.expect("homes have locations"));
                let own = if h.sector == HomeSector::OwnCouncil {
                    3.0
                } else {
                    1.0
                };
                own * f64::from(h.registered_beds) / (1.0 + (d / 90.0).powi(2))
            })
            .collect();
        let h = loop {
            let i = pick_weighted(&mut self.rng, &weights)?;
            if self.home_slots[i].fits(self.homes[i].registered_beds, &[(s, e)]) {
                break i;
            }
            weights[i] = 0.0;
        };
        self.home_slots[h].intervals.push((s, e));
        let provider = match self.homes[h].sector {
            HomeSector::OwnCouncil => ProviderCode::PR1,
            HomeSector::Private => ProviderCode::PR4,
            HomeSector::Voluntary => ProviderCode::PR5,
        };
        let cost = price_at(self.homes[h].weekly_cost_per_bed.0 / 100, s, e);
        self.push_placement(
            m,
            Setting::Home(h),
            None,
            s,
            e,
            cost,
            PlaceCode::K2,
            provider,
        );
        Some(Setting::Home(h))
    }

    fn place_kinship(&mut self, intervals: &[(usize, Date, Date)]) -> Setting {
        let (m, s, _) = intervals[0];
        // Relatives live near the family, mostly.
        let home = self.children[m].home.as_ref().map(|h| h.1);
        let town = match home {
            Some(g) if self.chance(0.5) => TOWNS
                .iter()
                .enumerate()
                .min_by_key(|(_, t)| {
                    let de = i64::from(t.easting - g.easting);
                    let dn = i64::from(t.northing - g.northing);
                    de * de + dn * dn
                })
                .map(|(i, _)| i)
                .expect("towns"),
            _ => {
                let zone = self.zone(0.5, 0.4);
                self.town_in(zone)
            }
        };
        let (postcode, grid) = self.new_postcode(town);
        let surname = self.children[m]
            .name
            .split(' ')
            .nth(1)
            .unwrap_or("Smith")
            .to_string();
        let keep_surname = self.chance(0.6);
        let name = self.household_name(keep_surname.then_some(surname.as_str()));
        let places = intervals.len().max(1 + usize::from(self.chance(0.3))) as u8;
        let cost = self.range(190, 290);
        let c = self.carers.len();
        self.carers.push(Carer {
            id: String::new(), // numbered at the end, in order of first placement
            name,
            sector: CarerSector::Kinship,
            agency: None,
            approved_places: places,
            age_min: 0,
            age_max: 17,
            takes_siblings: places > 1,
            specialisms: Vec::new(),
            postcode: Some(postcode),
            location: Some(grid),
            weekly_cost: Pence::from_pounds(cost),
            status: CarerStatus::Active,
            approval_date: s,
            ended_on: None,
        });
        self.carer_slots.push(Slot::new(s, OPEN));
        let place = if self.chance(0.45) {
            PlaceCode::U1
        } else {
            PlaceCode::U3
        };
        for &(m, start, end) in intervals {
            self.carer_slots[c].intervals.push((start, end));
            self.push_placement(
                m,
                Setting::Carer(c),
                None,
                start,
                end,
                price_at(cost, s, end),
                place,
                ProviderCode::PR1,
            );
        }
        Setting::Carer(c)
    }

    fn place_supported(&mut self, intervals: &[(usize, Date, Date)]) -> Setting {
        let (m, s, e) = intervals[0];
        let zone = self.zone(0.45, 0.40);
        let town = self.town_in(zone);
        let (postcode, _) = self.new_postcode(town);
        let place = if s >= K3_FROM {
            PlaceCode::K3
        } else {
            PlaceCode::H5
        };
        let provider = if self.chance(0.8) {
            ProviderCode::PR4
        } else {
            ProviderCode::PR5
        };
        let cost = self.range(1_200, 3_000);
        self.push_placement(
            m,
            Setting::Elsewhere,
            Some(postcode),
            s,
            e,
            price_at(cost, s, e),
            place,
            provider,
        );
        Setting::Elsewhere
    }

    fn place_with_parents(&mut self, intervals: &[(usize, Date, Date)]) -> Setting {
        let cost = self.range(0, 150);
        for &(m, s, e) in intervals {
            let postcode = self.children[m].home.as_ref().map(|h| h.0);
            self.push_placement(
                m,
                Setting::Elsewhere,
                postcode,
                s,
                e,
                price_at(cost, s, e),
                PlaceCode::P1,
                ProviderCode::PR0,
            );
        }
        Setting::Elsewhere
    }

    fn place_secure(&mut self, intervals: &[(usize, Date, Date)]) -> Setting {
        let (m, s, e) = intervals[0];
        let town = self.town_in(Zone::Far);
        let (postcode, _) = self.new_postcode(town);
        let cost = self.range(8_700, 9_400);
        self.push_placement(
            m,
            Setting::Elsewhere,
            Some(postcode),
            s,
            e,
            price_at(cost, s, e),
            PlaceCode::K1,
            ProviderCode::PR2,
        );
        Setting::Elsewhere
    }

    /// A handful of children who entered care in the last few weeks and are
    /// waiting for a placement to be found.
    fn make_awaiting(&mut self) {
        let n = self.range(5, 9);
        for _ in 0..n {
            let entry = self.date_between(add_days(SAMPLE_AS_AT, -27), add_days(SAMPLE_AS_AT, -2));
            let age = self.entry_age();
            let dob = self.dob_for_age(age, entry);
            let sex = if self.chance(0.55) {
                Sex::Male
            } else {
                Sex::Female
            };
            let (_, surname) = self.person_name();
            let first = match sex {
                Sex::Male => *self.pick(BOYS),
                Sex::Female => *self.pick(GIRLS),
            };
            let town = self.town_in(Zone::County);
            let home = Some(self.new_postcode(town));
            let legal_status = self.legal_status(age);
            let category_of_need = self.category_of_need();
            let disability = self.chance(0.08);
            self.children.push(SimChild {
                name: format!("{first} {surname}"),
                dob,
                sex,
                legal_status,
                category_of_need,
                disability,
                sibling_unit: None,
                home,
                entered: entry,
                end: OPEN,
                awaiting: true,
                last_placement: None,
            });
        }
    }

    /// Drops children who left before the history starts, numbers everything
    /// and builds the model values.
    fn finish(self) -> SampleCounty {
        let keep: Vec<bool> = self
            .children
            .iter()
            .map(|c| c.end > HISTORY_START)
            .collect();
        let mut order: Vec<usize> = (0..self.children.len()).filter(|&i| keep[i]).collect();
        order.sort_by_key(|&i| (self.children[i].entered, i));
        let mut child_id = vec![String::new(); self.children.len()];
        for (n, &i) in order.iter().enumerate() {
            child_id[i] = format!("C{:04}", n + 1);
        }
        // Sibling groups numbered in order of their first child.
        let mut group_id: Vec<Option<String>> = vec![None; self.units];
        let mut groups = 0;
        for &i in &order {
            if let Some(u) = self.children[i].sibling_unit {
                if group_id[u].is_none() {
                    groups += 1;
                    group_id[u] = Some(format!("SG{groups:03}"));
                }
            }
        }

        // Placements of the children kept, in order of start.
        let mut kept: Vec<usize> = (0..self.placements.len())
            .filter(|&p| keep[self.placements[p].child])
            .collect();
        kept.sort_by(|&a, &b| {
            let (pa, pb) = (&self.placements[a], &self.placements[b]);
            (pa.start, &child_id[pa.child]).cmp(&(pb.start, &child_id[pb.child]))
        });

        // Kinship households used by kept placements, numbered by first use.
        let mut carer_id: Vec<String> = self.carers.iter().map(|c| c.id.clone()).collect();
        let mut kinship = 0;
        for &p in &kept {
            if let Setting::Carer(c) = self.placements[p].setting {
                if carer_id[c].is_empty() {
                    kinship += 1;
                    carer_id[c] = format!("KC{kinship:04}");
                }
            }
        }

        let placements: Vec<Placement> = kept
            .iter()
            .enumerate()
            .map(|(n, &p)| {
                let sp = &self.placements[p];
                Placement {
                    id: n as i64 + 1,
                    child_id: child_id[sp.child].clone(),
                    setting: match sp.setting {
                        Setting::Carer(c) => PlacementSetting::Carer(carer_id[c].clone()),
                        Setting::Home(h) => PlacementSetting::Home(self.homes[h].id.clone()),
                        Setting::Elsewhere => PlacementSetting::Elsewhere,
                    },
                    postcode: sp.postcode,
                    start: sp.start,
                    end: (sp.end <= SAMPLE_AS_AT).then_some(sp.end),
                    weekly_cost: Some(sp.weekly_cost),
                    fee_changes: Vec::new(),
                    place: sp.place,
                    provider: Some(sp.provider),
                    reason_for_change: sp.reason.map(str::to_string),
                }
            })
            .collect();

        let mut children: Vec<Child> = order
            .iter()
            .map(|&i| {
                let c = &self.children[i];
                let status = if c.awaiting {
                    ChildStatus::AwaitingPlacement
                } else if c.end == OPEN {
                    ChildStatus::LookedAfter
                } else {
                    ChildStatus::LeftCare
                };
                Child {
                    id: child_id[i].clone(),
                    name: c.name.clone(),
                    date_of_birth: c.dob,
                    sex: c.sex,
                    legal_status: c.legal_status,
                    category_of_need: c.category_of_need,
                    disability: c.disability,
                    sibling_group: c.sibling_unit.and_then(|u| group_id[u].clone()),
                    home_postcode: c.home.as_ref().map(|h| h.0),
                    home_location: c.home.as_ref().map(|h| h.1),
                    status,
                    entered_care: c.entered,
                    left_care: (status == ChildStatus::LeftCare).then_some(c.end),
                    earlier_periods: Vec::new(),
                }
            })
            .collect();
        children.sort_by(|a, b| a.id.cmp(&b.id));

        let open_at: Vec<bool> = (0..self.carers.len())
            .map(|c| {
                kept.iter().any(|&p| {
                    let sp = &self.placements[p];
                    sp.setting == Setting::Carer(c) && sp.end > SAMPLE_AS_AT
                })
            })
            .collect();
        let mut carers: Vec<Carer> = self
            .carers
            .iter()
            .enumerate()
            .filter(|(c, _)| !carer_id[*c].is_empty())
            .map(|(c, carer)| {
                let mut carer = carer.clone();
                carer.id = carer_id[c].clone();
                if carer.sector == CarerSector::Kinship && !open_at[c] {
                    // A kinship household stops caring when its child leaves.
                    carer.status = CarerStatus::Resigned;
                    carer.ended_on = kept
                        .iter()
                        .map(|&p| &self.placements[p])
                        .filter(|sp| sp.setting == Setting::Carer(c))
                        .map(|sp| sp.end)
                        .max();
                }
                carer
            })
            .collect();
        carers.sort_by(|a, b| a.id.cmp(&b.id));

        let mut homes = self.homes.clone();
        homes.sort_by(|a, b| a.id.cmp(&b.id));

        // The postcode directory: every postcode the kept records use.
        let mut used: BTreeSet<&str> = BTreeSet::new();
        for c in &children {
            if let Some(p) = &c.home_postcode {
                used.insert(p.as_str());
            }
        }
        for p in carers.iter().filter_map(|c| c.postcode.as_ref()) {
            used.insert(p.as_str());
        }
        for p in homes.iter().filter_map(|h| h.postcode.as_ref()) {
            used.insert(p.as_str());
        }
        for p in placements.iter().filter_map(|p| p.postcode.as_ref()) {
            used.insert(p.as_str());
        }
        let mut postcodes: Vec<PostcodeEntry> = self
            .postcodes
            .iter()
            .filter(|e| used.contains(e.postcode.as_str()))
            .cloned()
            .collect();
        postcodes.sort_by_key(|a| a.postcode);

        SampleCounty {
            settings: Settings {
                council_name: COUNCIL_NAME.to_string(),
                council_code: COUNCIL_CODE.to_string(),
                boundary_geojson: Some(boundary_geojson()),
                cost_rates: cost_rates(),
                cost_uplift_pct: Default::default(),
            },
            postcodes,
            children,
            carers,
            homes,
            placements,
            referrals: Vec::new(),
        }
    }
}
