// TEMPORARY STUB written by the lead so the rest of the crate compiles.
// helper-1: replace this whole file with the real writer.
use super::SampleCounty;
pub const SAMPLE_FILES: &[&str] = &[];
pub fn write_files(_county: &SampleCounty) -> Vec<(&'static str, String)> {
    vec![]
}
pub fn write_to_dir(_dir: &std::path::Path, _county: &SampleCounty) -> std::io::Result<()> {
    Ok(())
}
