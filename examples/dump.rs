fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let config = stegvis::config::SiteConfig::default();
    let sources = stegvis::discover::discover(&root, &config);
    let parsed = stegvis::parse::parse_all(&sources);
    let filter = std::env::args().nth(2).unwrap_or_default();
    for a in &parsed.articles {
        if a.path.contains(&filter) {
            println!("{:#?}", a.document.blocks);
            println!("{:#?}", a.document.headings);
        }
    }
    for d in &parsed.diagnostics { println!("{:?} {:?} {}", d.code, d.span.as_ref().map(|s| (s.file.clone(), s.start)), d.message); }
}
