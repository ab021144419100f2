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
