//! Code lists: a small macro that turns a table of (variant, code, label)
//! into an enum with `code()`, `label()`, `parse()`, `index()` and `ALL`.

/// Declares a code-list enum. Each entry: `Variant => "CODE", "Label"`.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The position in [`Self::ALL`] (the order of declaration), for
            /// tables indexed by code.
            pub fn index(self) -> usize {
                self as usize
            }

            /// The code as stored and as in SSDA903 files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// A plain-English label for screens and reports.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a code, ignoring case and surrounding spaces.
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                $(if t.eq_ignore_ascii_case($code) { return Some($name::$variant); })+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

code_enum! {
    /// SSDA903 legal status (LS).
    LegalStatus {
        C1 => "C1", "Interim care order",
        C2 => "C2", "Full care order",
        D1 => "D1", "Freeing order granted",
        E1 => "E1", "Placement order granted",
        J1 => "J1", "Remanded to LA accommodation or youth detention",
        J2 => "J2", "Placed in LA accommodation under PACE",
        J3 => "J3", "Sentenced to CRO with residence requirement",
        L1 => "L1", "Under police protection",
        L2 => "L2", "Emergency protection order",
        L3 => "L3", "Under child assessment order",
        V2 => "V2", "Single period of accommodation under s20",
        V3 => "V3", "Accommodated under agreed series of short-term breaks",
        V4 => "V4", "Accommodated under agreed series of short-term breaks (individual)",
    }
}

code_enum! {
    /// SSDA903 category of need (CIN).
    CategoryOfNeed {
        N1 => "N1", "Abuse or neglect",
        N2 => "N2", "Child's disability",
        N3 => "N3", "Parental illness or disability",
        N4 => "N4", "Family in acute stress",
        N5 => "N5", "Family dysfunction",
        N6 => "N6", "Socially unacceptable behaviour",
        N7 => "N7", "Low income",
        N8 => "N8", "Absent parenting",
    }
}

#[cfg(test)]
mod tests {
    use super::LegalStatus;
    use crate::model::{PlaceCode, PlacementCategory};

    /// Tables indexed by `index()` (a projection's stock by category, the
    /// measures' tallies) rely on it being the position in `ALL`.
    #[test]
    fn index_is_the_position_in_all() {
        for (i, c) in PlacementCategory::ALL.iter().enumerate() {
            assert_eq!(c.index(), i, "{c:?}");
        }
        assert_eq!(PlacementCategory::ALL.len(), 9);
        assert_eq!(PlacementCategory::Other.index(), 8);
        for (i, c) in LegalStatus::ALL.iter().enumerate() {
            assert_eq!(c.index(), i, "{c:?}");
        }
        for (i, c) in PlaceCode::ALL.iter().enumerate() {
            assert_eq!(c.index(), i, "{c:?}");
        }
        for (i, c) in crate::sufficiency::DistanceCategory::ALL.iter().enumerate() {
            assert_eq!(c.index(), i, "{c:?}");
        }
    }
}
