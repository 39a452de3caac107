//! The README's diagnostics table must list the catalogue, code for code.

use stegvis::diagnostics::Code;

#[test]
fn readme_table_lists_every_code_with_its_name_and_severity() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| SV")).collect();
    assert_eq!(rows.len(), Code::ALL.len(), "one row per code");
    for (row, code) in rows.iter().zip(Code::ALL) {
        let info = code.info();
        let expected = format!(
            "| {} | `{}` | {} | {} |",
            info.code,
            info.name,
            info.severity.as_str(),
            info.title
        );
        assert!(
            row.starts_with(&expected),
            "README row\n  {row}\nshould start with\n  {expected}"
        );
    }
}
