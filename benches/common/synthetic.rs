//! Deterministic synthetic national-size data shared by the benchmarks.

use placement_planner::model::{GridRef, Postcode, PostcodeEntry};

/// A small deterministic generator (64-bit LCG), so runs compare.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn postcode(i: u64) -> Postcode {
    // Unique per i: district letters + number, inward digit + 2 letters.
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    let l = |k: u64| letters[(k % letters.len() as u64) as usize] as char;
    let text = format!(
        "{}{}{} {}{}{}",
        l(i / 8000),
        l(i / 400),
        1 + (i / 20) % 20,
        i % 10,
        l(i / 10),
        l(i / 200 + 3)
    );
    Postcode::parse(&text).unwrap()
}

/// `n` distinct postcodes spread over England's grid extent
/// (E 100,000–650,000, N 50,000–650,000) in 150 local authorities.
pub fn postcode_directory(r: &mut Lcg, n: usize) -> Vec<PostcodeEntry> {
    let mut seen = std::collections::HashSet::new();
    let mut postcodes = Vec::with_capacity(n);
    let mut i = 0;
    while postcodes.len() < n {
        let pc = postcode(i);
        i += 1;
        if !seen.insert(pc) {
            continue;
        }
        let la = r.below(150);
        postcodes.push(PostcodeEntry {
            postcode: pc,
            grid: Some(GridRef::new(
                100_000 + r.below(550_000) as i32,
                50_000 + r.below(600_000) as i32,
            )),
            latitude: None,
            longitude: None,
            la_code: Some(format!("E06{la:06}")),
            county_code: None,
        });
    }
    postcodes
}

/// A national-size county: 80,000 children looked after with two placements
/// each (one ended), 45,000 carer households (a third in-house), 3,750
/// homes of 4 beds, 100,000 postcodes over England.
#[allow(dead_code)] // not every benchmark uses it
pub fn national() -> placement_planner::sample::SampleCounty {
    use jiff::civil::date;
    use placement_planner::model::carer::{CarerSector, CarerStatus};
    use placement_planner::model::child::{ChildStatus, Sex};
    use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
    use placement_planner::model::home::HomeSector;
    use placement_planner::model::*;
    use placement_planner::sample::SampleCounty;

    let mut r = Lcg(2016);
    let n_postcodes = 100_000u64;
    let postcodes = postcode_directory(&mut r, n_postcodes as usize);
    let pick_pc = |r: &mut Lcg| postcodes[r.below(n_postcodes) as usize].postcode;
    let carers: Vec<Carer> = (0..45_000)
        .map(|k| Carer {
            id: format!("F{k}"),
            name: format!("Household {k}"),
            sector: if k % 3 == 0 {
                CarerSector::InHouse
            } else {
                CarerSector::Ifa
            },
            agency: (k % 3 != 0).then(|| "Agency".to_string()),
            approved_places: 2,
            age_min: 0,
            age_max: 17,
            takes_siblings: k % 4 == 0,
            specialisms: vec![],
            postcode: Some(pick_pc(&mut r)),
            location: None,
            weekly_cost: Pence(50_000 + (k % 700) as i64 * 100),
            status: CarerStatus::Active,
            approval_date: date(2015, 1, 1),
            ended_on: None,
        })
        .collect();
    let homes: Vec<Home> = (0..3_750)
        .map(|k| Home {
            id: format!("H{k}"),
            name: format!("Home {k}"),
            provider: "Provider".into(),
            sector: HomeSector::Private,
            ofsted_urn: None,
            registered_beds: 4,
            age_min: 8,
            age_max: 17,
            postcode: Some(pick_pc(&mut r)),
            location: None,
            weekly_cost_per_bed: Pence(610_000),
            closed_on: None,
        })
        .collect();
    let mut children = Vec::new();
    let mut placements = Vec::new();
    for k in 0..80_000u64 {
        let id = format!("C{k}");
        children.push(Child {
            id: id.clone(),
            name: format!("Child {k}"),
            date_of_birth: date(2010, 1, 1),
            sex: Sex::Male,
            legal_status: LegalStatus::C2,
            category_of_need: CategoryOfNeed::N1,
            disability: false,
            sibling_group: None,
            home_postcode: Some(pick_pc(&mut r)),
            home_location: None,
            status: ChildStatus::LookedAfter,
            entered_care: date(2023, 1, 1),
            left_care: None,
            earlier_periods: Vec::new(),
        });
        let (setting, place, provider) = if k % 8 == 0 {
            (
                PlacementSetting::Home(format!("H{}", (k / 8) % 3_750)),
                PlaceCode::K2,
                ProviderCode::PR4,
            )
        } else {
            let c = (k % 45_000) as usize;
            let prov = if c.is_multiple_of(3) {
                ProviderCode::PR1
            } else {
                ProviderCode::PR4
            };
            (
                PlacementSetting::Carer(format!("F{c}")),
                PlaceCode::U6,
                prov,
            )
        };
        for (n, (start, end)) in [
            (date(2023, 1, 1), Some(date(2024, 6, 1))),
            (date(2024, 6, 1), None),
        ]
        .into_iter()
        .enumerate()
        {
            placements.push(Placement {
                id: (k * 2 + n as u64 + 1) as i64,
                child_id: id.clone(),
                setting: setting.clone(),
                postcode: None,
                start,
                end,
                weekly_cost: Some(Pence(90_000)),
                fee_changes: vec![],
                place,
                provider: Some(provider),
                reason_for_change: None,
            });
        }
    }
    SampleCounty {
        settings: Settings {
            council_name: "National".into(),
            council_code: "E06000001".into(),
            boundary_geojson: None,
            cost_rates: vec![],
            cost_uplift_pct: Default::default(),
        },
        postcodes,
        children,
        carers,
        homes,
        placements,
        referrals: vec![],
    }
}
