//! SSDA903 placement codes and the placement category derived from them.
//!
//! The derivation follows the mapping peers use (Social Finance demand model),
//! as set out in `shared/domain.md`, so that data imported from SSDA903 and
//! data entered by hand agree:
//!
//! | PLACE | PLACE_PROVIDER | category |
//! |---|---|---|
//! | U4, U5, U6 | PR1 | in-house fostering |
//! | U4, U5, U6 | PR4, PR5 | IFA fostering |
//! | U1, U2, U3 | any | kinship |
//! | K2, R1, P3, S1 | PR1, PR2, PR3 | own (public) residential |
//! | K2, R1, P3, S1 | PR4, PR5 | external residential |
//! | H5, P2, K3 | any | supported accommodation |
//! | K1 | any | secure |
//! | P1 | any | with parents |
//! | anything else | | other |
//!
//! Choices where the primer is silent: U4–U6 with PR2/PR3 (another council's
//! carer) or no provider is *other*, because it is neither our own carer nor an
//! agency; residential with PR0 or no provider is *external* (we do not run it).

use crate::code_enum;

code_enum! {
    /// SSDA903 PLACE code: the type of placement.
    PlaceCode {
        A3 => "A3", "Placed for adoption with consent, not with current foster carer",
        A4 => "A4", "Placed for adoption with consent, with current foster carer",
        A5 => "A5", "Placed for adoption with placement order, not with current foster carer",
        A6 => "A6", "Placed for adoption with placement order, with current foster carer",
        H5 => "H5", "Semi-independent living (to 2024-25)",
        K1 => "K1", "Secure children's home",
        K2 => "K2", "Children's home",
        K3 => "K3", "Registered supported accommodation",
        P1 => "P1", "Placed with own parents",
        P2 => "P2", "Independent living (to 2024-25)",
        P3 => "P3", "Residential employment",
        R1 => "R1", "Residential care home",
        R2 => "R2", "NHS / health trust",
        R3 => "R3", "Family centre or mother and baby unit",
        R5 => "R5", "Young offender institution",
        S1 => "S1", "Residential school",
        T0 => "T0", "Temporary: all types",
        T1 => "T1", "Temporary: periods in hospital",
        T2 => "T2", "Temporary: holiday away from placement",
        T3 => "T3", "Temporary: accommodation away from placement",
        T4 => "T4", "Temporary: other",
        U1 => "U1", "Relative or friend: long-term fostering",
        U2 => "U2", "Relative or friend: fostering for adoption",
        U3 => "U3", "Relative or friend: other",
        U4 => "U4", "Other foster carer: long-term fostering",
        U5 => "U5", "Other foster carer: fostering for adoption",
        U6 => "U6", "Other foster carer: other",
        Z1 => "Z1", "Other placement (to 2024-25)",
        Z11 => "Z11", "Other placement (Z11, from 2025-26)",
        Z12 => "Z12", "Other placement (Z12, from 2025-26)",
        Z13 => "Z13", "Other placement (Z13, from 2025-26)",
        Z14 => "Z14", "Other placement (Z14, from 2025-26)",
    }
}

code_enum! {
    /// SSDA903 PLACE_PROVIDER code: who provides the placement.
    ProviderCode {
        PR0 => "PR0", "Parents or other person with parental responsibility",
        PR1 => "PR1", "Own council",
        PR2 => "PR2", "Other council",
        PR3 => "PR3", "Other public provision",
        PR4 => "PR4", "Private provision",
        PR5 => "PR5", "Voluntary or third sector provision",
    }
}

code_enum! {
    /// The placement categories every view and report groups by.
    PlacementCategory {
        InHouseFostering => "in_house_fostering", "In-house fostering",
        IfaFostering => "ifa_fostering", "IFA fostering",
        Kinship => "kinship", "Kinship",
        OwnResidential => "own_residential", "Own residential",
        ExternalResidential => "external_residential", "External residential",
        SupportedAccommodation => "supported_accommodation", "Supported accommodation",
        Secure => "secure", "Secure",
        WithParents => "with_parents", "With parents",
        Other => "other", "Other",
    }
}

impl PlaceCode {
    /// Temporary and Z codes take no provider (PLACE_PROVIDER is blank).
    pub fn takes_provider(self) -> bool {
        use PlaceCode::*;
        !matches!(self, T0 | T1 | T2 | T3 | T4 | Z1 | Z11 | Z12 | Z13 | Z14)
    }

    pub fn is_foster_placement(self) -> bool {
        use PlaceCode::*;
        matches!(self, U1 | U2 | U3 | U4 | U5 | U6)
    }

    pub fn is_residential(self) -> bool {
        use PlaceCode::*;
        matches!(self, K1 | K2 | R1 | P3 | S1)
    }
}

impl PlacementCategory {
    /// Derives the category from PLACE and PLACE_PROVIDER exactly as in the
    /// table at the top of this module.
    pub fn derive(place: PlaceCode, provider: Option<ProviderCode>) -> PlacementCategory {
        use PlaceCode::*;
        use ProviderCode::*;
        match place {
            U4 | U5 | U6 => match provider {
                Some(PR1) => PlacementCategory::InHouseFostering,
                Some(PR4) | Some(PR5) => PlacementCategory::IfaFostering,
                _ => PlacementCategory::Other,
            },
            U1 | U2 | U3 => PlacementCategory::Kinship,
            K2 | R1 | P3 | S1 => match provider {
                Some(PR1) | Some(PR2) | Some(PR3) => PlacementCategory::OwnResidential,
                _ => PlacementCategory::ExternalResidential,
            },
            H5 | P2 | K3 => PlacementCategory::SupportedAccommodation,
            K1 => PlacementCategory::Secure,
            P1 => PlacementCategory::WithParents,
            _ => PlacementCategory::Other,
        }
    }

    pub fn is_fostering(self) -> bool {
        matches!(
            self,
            PlacementCategory::InHouseFostering
                | PlacementCategory::IfaFostering
                | PlacementCategory::Kinship
        )
    }

    pub fn is_residential(self) -> bool {
        matches!(
            self,
            PlacementCategory::OwnResidential | PlacementCategory::ExternalResidential
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlaceCode as P;
    use PlacementCategory as C;
    use ProviderCode as R;

    /// Every PLACE code against every provider (and none), checked against the
    /// primer's table written out by hand here.
    #[test]
    fn derivation_matches_the_primer_for_every_code() {
        let providers: Vec<Option<ProviderCode>> = std::iter::once(None)
            .chain(ProviderCode::ALL.iter().copied().map(Some))
            .collect();
        for &place in PlaceCode::ALL {
            for &provider in &providers {
                let expected = match place.code() {
                    "U4" | "U5" | "U6" => match provider.map(|p| p.code()) {
                        Some("PR1") => C::InHouseFostering,
                        Some("PR4") | Some("PR5") => C::IfaFostering,
                        _ => C::Other,
                    },
                    "U1" | "U2" | "U3" => C::Kinship,
                    "K2" | "R1" | "P3" | "S1" => match provider.map(|p| p.code()) {
                        Some("PR1") | Some("PR2") | Some("PR3") => C::OwnResidential,
                        _ => C::ExternalResidential,
                    },
                    "H5" | "P2" | "K3" => C::SupportedAccommodation,
                    "K1" => C::Secure,
                    "P1" => C::WithParents,
                    "A3" | "A4" | "A5" | "A6" | "R2" | "R3" | "R5" | "T0" | "T1" | "T2" | "T3"
                    | "T4" | "Z1" | "Z11" | "Z12" | "Z13" | "Z14" => C::Other,
                    other => panic!("code {other} missing from the test table"),
                };
                assert_eq!(
                    C::derive(place, provider),
                    expected,
                    "{} with {:?}",
                    place.code(),
                    provider
                );
            }
        }
    }

    #[test]
    fn spot_checks() {
        assert_eq!(C::derive(P::U6, Some(R::PR1)), C::InHouseFostering);
        assert_eq!(C::derive(P::U4, Some(R::PR4)), C::IfaFostering);
        assert_eq!(C::derive(P::K2, Some(R::PR4)), C::ExternalResidential);
        assert_eq!(C::derive(P::K2, Some(R::PR1)), C::OwnResidential);
        assert_eq!(C::derive(P::K3, None), C::SupportedAccommodation);
        assert_eq!(C::derive(P::Z12, None), C::Other);
    }

    #[test]
    fn parses_codes_in_any_case() {
        assert_eq!(PlaceCode::parse(" u4 "), Some(P::U4));
        assert_eq!(PlaceCode::parse("Z11"), Some(P::Z11));
        assert_eq!(PlaceCode::parse("Z15"), None);
        assert_eq!(ProviderCode::parse("pr5"), Some(R::PR5));
        assert_eq!(PlaceCode::ALL.len(), 32);
    }

    #[test]
    fn temporary_and_z_codes_take_no_provider() {
        assert!(!P::T2.takes_provider());
        assert!(!P::Z13.takes_provider());
        assert!(P::U6.takes_provider());
    }
}
