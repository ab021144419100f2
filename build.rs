//! On Windows builds only: the exe's icon and its version details (the
//! Properties → Details tab, and what an IT department's inventory reads),
//! written as a resource script with the version from Cargo.toml and
//! compiled by the target's resource compiler (MinGW's windres when cross-
//! building on Linux). Other targets need nothing from here.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon/placement-planner.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let number = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u16>().ok());
    let (major, minor, patch) = (
        number("CARGO_PKG_VERSION_MAJOR").unwrap_or(0),
        number("CARGO_PKG_VERSION_MINOR").unwrap_or(0),
        number("CARGO_PKG_VERSION_PATCH").unwrap_or(0),
    );
    let icon = Path::new(&root)
        .join("assets/icon/placement-planner.ico")
        .to_string_lossy()
        .replace('\\', "/");
    let script = format!(
        r#"1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {major},{minor},{patch},0
PRODUCTVERSION {major},{minor},{patch},0
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080904B0"
    BEGIN
      VALUE "CompanyName", "placement-planner"
      VALUE "FileDescription", "placement-planner: placement sufficiency for children's services"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "placement-planner"
      VALUE "LegalCopyright", "MIT licence"
      VALUE "ProductName", "placement-planner"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x809, 1200
  END
END
"#
    );
    let rc = Path::new(&out).join("placement-planner.rc");
    std::fs::write(&rc, script).expect("the resource script can be written to OUT_DIR");
    embed_resource::compile(&rc, embed_resource::NONE)
        .manifest_optional()
        .expect("the Windows resources compile (is x86_64-w64-mingw32-windres installed?)");
}
