//! The council's boundary from a GeoJSON file (ONS Open Geography portal:
//! counties and unitary authorities, local authority districts): list the
//! features the file holds with their codes and names, then store the one
//! the user picks as the council's boundary in the settings.

use super::{file_label, ImportError, ImportIssue, ImportSummary};
use crate::geography::boundary::Boundary;
use crate::store::Store;
use geojson::{Feature, GeoJson, JsonObject};
use serde::Serialize;
use std::path::Path;

/// The largest boundary file read, in bytes (a national file of counties
/// and unitary authorities at full resolution is about 100 MB).
pub const MAX_BOUNDARY_BYTES: u64 = 300 * 1024 * 1024;

/// One area in a boundary file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoundaryFeature {
    /// The area code (`E10000002`), when the feature has one.
    pub code: Option<String>,
    /// The area's name, when the feature has one.
    pub name: Option<String>,
    /// `Polygon`, `MultiPolygon`, or the other geometry type found.
    pub geometry: String,
    /// Whether the geometry is a Polygon or MultiPolygon (the only kinds
    /// that can be a boundary).
    pub is_area: bool,
}

/// The code of a feature: a property named `code`, or one whose name ends
/// in `CD` (ONS: `CTYUA24CD`, `CTY24CD`, `LAD24CD`…), the first such in the
/// file's order with a text value.
fn code_of(props: &JsonObject) -> Option<String> {
    text_property(props, |k| k == "code" || k.ends_with("cd"))
}

/// The name of a feature: `name`, or a property ending in `NM`
/// (`CTYUA24NM`), but not a Welsh name (`…NMW`).
fn name_of(props: &JsonObject) -> Option<String> {
    text_property(props, |k| k == "name" || k.ends_with("nm"))
}

fn text_property(props: &JsonObject, wanted: impl Fn(&str) -> bool) -> Option<String> {
    props
        .iter()
        .filter(|(k, _)| wanted(&k.to_ascii_lowercase()))
        .filter_map(|(_, v)| v.as_str())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
}

fn read(path: &Path) -> Result<(String, String), ImportError> {
    let label = file_label(path);
    let unreadable = |reason: String| ImportError::unreadable(ImportIssue::file(&label, reason));
    let size = std::fs::metadata(path)
        .map_err(|e| unreadable(format!("cannot open it: {e}")))?
        .len();
    if size > MAX_BOUNDARY_BYTES {
        return Err(unreadable(format!(
            "the file is {}; at most {} is read (use a file of counties and unitary \
             authorities, or of your own area)",
            crate::format::size_text(size),
            crate::format::size_text(MAX_BOUNDARY_BYTES)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| unreadable("the file is not UTF-8 text (GeoJSON always is)".into()))?;
    if text.trim().is_empty() {
        return Err(unreadable("the file is empty".into()));
    }
    Ok((label, text))
}

fn features(label: &str, text: &str) -> Result<Vec<Feature>, ImportError> {
    let unreadable = |reason: String| ImportError::unreadable(ImportIssue::file(label, reason));
    let json: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| unreadable(format!("not JSON (a truncated or damaged file?): {e}")))?;
    let geojson = GeoJson::from_json_value(json)
        .map_err(|e| unreadable(format!("JSON but not GeoJSON: {e}")))?;
    Ok(match geojson {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(g) => vec![Feature {
            geometry: Some(g),
            ..Default::default()
        }],
    })
}

fn describe(f: &Feature) -> BoundaryFeature {
    let props = f.properties.as_ref();
    let geometry = f
        .geometry
        .as_ref()
        .map_or("none".to_string(), |g| g.value.type_name().to_string());
    let is_area = matches!(
        f.geometry.as_ref().map(|g| &g.value),
        Some(geojson::Value::Polygon(_)) | Some(geojson::Value::MultiPolygon(_))
    );
    BoundaryFeature {
        code: props.and_then(code_of),
        name: props.and_then(name_of),
        geometry,
        is_area,
    }
}

/// Every feature in the file, in order, with its code, name and geometry
/// type: for the user to pick which one is the council.
pub fn boundary_features(path: &Path) -> Result<Vec<BoundaryFeature>, ImportError> {
    let (label, text) = read(path)?;
    let list: Vec<BoundaryFeature> = features(&label, &text)?.iter().map(describe).collect();
    if !list.iter().any(|f| f.is_area) {
        return Err(ImportError::unreadable(ImportIssue::file(
            &label,
            "the file holds no Polygon or MultiPolygon: no area to use as a boundary",
        )));
    }
    Ok(list)
}

/// Stores the feature with `code` (ignoring case) as the council's boundary
/// (`Settings.boundary_geojson`, a Feature holding only that geometry and
/// its code and name), after checking the boundary can be read. An unknown
/// code is refused with the codes the file holds; nothing else in the
/// settings changes.
pub fn apply_boundary(
    store: &mut Store,
    path: &Path,
    code: &str,
) -> Result<ImportSummary, ImportError> {
    let (label, text) = read(path)?;
    let code = code.trim();
    let all = features(&label, &text)?;
    let described: Vec<BoundaryFeature> = all.iter().map(describe).collect();
    let chosen: Vec<usize> = described
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(code))
        })
        .map(|(i, _)| i)
        .collect();
    let codes_found = || {
        let mut codes: Vec<String> = described
            .iter()
            .filter(|d| d.is_area)
            .filter_map(|d| d.code.clone())
            .collect();
        codes.sort();
        codes.dedup();
        if codes.is_empty() {
            "none".to_string()
        } else {
            codes.join(", ")
        }
    };
    let issue = |reason: String| {
        ImportError::unreadable(ImportIssue {
            file: label.clone(),
            line: None,
            column: Some("code".into()),
            value: Some(code.to_string()),
            reason,
            rule: None,
            because_of: None,
        })
    };
    let index = match chosen.as_slice() {
        [] => {
            return Err(issue(format!(
                "no area with the code {code} in the file; codes found: {}",
                codes_found()
            )))
        }
        [one] => *one,
        _ => {
            return Err(issue(format!(
                "{} areas have the code {code}; the file should hold each area once",
                chosen.len()
            )))
        }
    };
    let d = &described[index];
    if !d.is_area {
        return Err(issue(format!(
            "the area {code} is a {}, not a Polygon or MultiPolygon",
            d.geometry
        )));
    }
    let mut props = JsonObject::new();
    props.insert("code".into(), d.code.clone().unwrap_or_default().into());
    if let Some(name) = &d.name {
        props.insert("name".into(), name.clone().into());
    }
    let feature = Feature {
        geometry: all[index].geometry.clone(),
        properties: Some(props),
        ..Default::default()
    };
    let geojson = GeoJson::Feature(feature).to_string();
    Boundary::from_geojson(&geojson, Some(code))
        .map_err(|e| issue(format!("the boundary cannot be used: {e}")))?;

    let mut settings = store.settings()?;
    let unchanged = settings.boundary_geojson.as_deref() == Some(geojson.as_str());
    settings.boundary_geojson = Some(geojson);
    if !unchanged {
        store.save_settings(&settings)?;
    }
    let mut summary = ImportSummary {
        kind: "council boundary".to_string(),
        ..Default::default()
    };
    if unchanged {
        summary.unchanged = 1;
    } else {
        summary.to_update = 1;
    }
    let council = settings.council_code.trim();
    if !council.is_empty() && !council.eq_ignore_ascii_case(code) {
        summary.data_quality.push(ImportIssue {
            file: label.clone(),
            line: None,
            column: Some("code".into()),
            value: Some(code.to_string()),
            reason: format!(
                "the council's code in the settings is {council}, not {code}: the boundary \
                 is stored, but check the settings"
            ),
            rule: None,
            because_of: None,
        });
    }
    Ok(summary)
}
