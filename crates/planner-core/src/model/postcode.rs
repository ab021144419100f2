//! UK postcodes and OSGB36 grid references.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A normalised UK postcode: upper case, one space before the inward code.
///
/// Kept inline (at most 8 ASCII bytes), so it is `Copy` and costs no
/// allocation: the measures handle hundreds of thousands of them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode {
    bytes: [u8; 8],
    len: u8,
}

impl std::fmt::Debug for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Postcode({:?})", self.as_str())
    }
}

impl Serialize for Postcode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Postcode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Postcode, D::Error> {
        let text = String::deserialize(d)?;
        Postcode::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Postcode {
    /// Normalises and validates the UK format (outward `A9`, `A99`, `AA9`,
    /// `AA99`, `A9A`, `AA9A`; inward `9AA`).
    pub fn parse(text: &str) -> Result<Postcode, String> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bad = || format!("'{}' is not a UK postcode (e.g. HP19 8FF)", text.trim());
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(bad());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        let o = outward.as_bytes();
        let outward_ok = match o.len() {
            2 => o[0].is_ascii_alphabetic() && o[1].is_ascii_digit(),
            3 => {
                o[0].is_ascii_alphabetic()
                    && ((o[1].is_ascii_digit() && o[2].is_ascii_alphanumeric())
                        || (o[1].is_ascii_alphabetic() && o[2].is_ascii_digit()))
            }
            4 => {
                o[0].is_ascii_alphabetic()
                    && o[1].is_ascii_alphabetic()
                    && o[2].is_ascii_digit()
                    && o[3].is_ascii_alphanumeric()
            }
            _ => false,
        };
        if !(inward_ok && outward_ok) {
            return Err(bad());
        }
        let text = format!("{outward} {inward}");
        let mut bytes = [0u8; 8];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Ok(Postcode {
            bytes,
            len: text.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only validated ASCII is ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }

    /// The outward code (district), e.g. `HP19`: what pseudonymised exports show.
    pub fn district(&self) -> &str {
        let s = self.as_str();
        s.split(' ').next().unwrap_or(s)
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An OSGB36 (British National Grid) grid reference in whole metres, as in
/// the ONS Postcode Directory's `oseast1m` / `osnrth1m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GridRef {
    pub easting: i32,
    pub northing: i32,
}

impl GridRef {
    pub fn new(easting: i32, northing: i32) -> GridRef {
        GridRef { easting, northing }
    }

    /// Straight-line distance in miles, unrounded (DfE: metres / 1000 / 1.6093).
    pub fn miles_to(self, other: GridRef) -> f64 {
        let de = f64::from(self.easting - other.easting);
        let dn = f64::from(self.northing - other.northing);
        (de * de + dn * dn).sqrt() / 1000.0 / 1.6093
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_postcodes() {
        assert_eq!(Postcode::parse("hp198ff").unwrap().as_str(), "HP19 8FF");
        assert_eq!(Postcode::parse(" SW1A  1AA ").unwrap().as_str(), "SW1A 1AA");
        assert_eq!(Postcode::parse("M1 1AE").unwrap().as_str(), "M1 1AE");
        assert_eq!(Postcode::parse("B33 8TH").unwrap().district(), "B33");
    }

    #[test]
    fn orders_and_serialises_as_text() {
        let a = Postcode::parse("B1 1AA").unwrap();
        let b = Postcode::parse("B11 1AA").unwrap();
        assert!(a < b); // "B1 1AA" < "B11 1AA" as strings: ' ' < '1'
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"B1 1AA\"");
        let back: Postcode = serde_json::from_str("\"b11 1aa\"").unwrap();
        assert_eq!(back, b);
        assert!(serde_json::from_str::<Postcode>("\"nope\"").is_err());
    }

    #[test]
    fn rejects_non_postcodes() {
        for bad in [
            "",
            "HP19",
            "12345",
            "HP19 FF8",
            "HPP19 8FF",
            "H 8FF",
            "HP19 8FFF",
        ] {
            assert!(Postcode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn distance_is_dfe_straight_line() {
        // 3-4-5 triangle: 30 km east, 40 km north = 50 km = 50 / 1.6093 = 31.0694 miles (1.6093 x 31.0694 = 49.99999).
        let a = GridRef::new(480_000, 210_000);
        let b = GridRef::new(510_000, 250_000);
        assert!((a.miles_to(b) - 31.0694).abs() < 0.0001);
    }
}

/// One row of the postcode directory (ONSPD / NSPL): where a postcode is and
/// which local authority and county it lies in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostcodeEntry {
    pub postcode: Postcode,
    pub grid: Option<GridRef>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Local authority district or unitary code (`oslaua` / `laua`).
    pub la_code: Option<String>,
    /// County code for two-tier areas (`oscty`); `None` for unitary areas.
    pub county_code: Option<String>,
}

impl PostcodeEntry {
    /// The upper-tier area the postcode lies in: the county for a two-tier
    /// area, otherwise the local authority.
    pub fn upper_tier_code(&self) -> Option<&str> {
        self.county_code
            .as_deref()
            .filter(|c| !c.is_empty() && !c.ends_with("99999999"))
            .or(self.la_code.as_deref())
    }
}
