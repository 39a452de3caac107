//! `stegvis serve` end to end: the binary on an ephemeral port, a copy of a
//! fixture site edited under it, and plain HTTP requests and event streams.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::site;

/// A running `stegvis serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    base: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(case: &str, extra: &[&str]) -> Server {
    let (dir, root) = site(case);
    let mut child = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["serve", "--port", "0", "--color", "never"])
        .args(extra)
        .current_dir(&root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let (send, receive) = std::sync::mpsc::channel();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                let _ = send.send(url.to_string());
            }
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let url = receive
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("serve did not start: {}", log.lock().unwrap()));
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, base) = rest.split_at(rest.find('/').unwrap());
    Server {
        child,
        addr: addr.to_string(),
        base: base.to_string(),
        log,
        _dir: dir,
        root,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Server {
    /// A GET of `path` exactly as written (no normalisation on our side).
    fn get(&self, path: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        Reply {
            status: head[9..12].parse().unwrap(),
            headers: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn page(&self, path: &str) -> String {
        let reply = self.get(&format!("{}{path}", self.base));
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply.body
    }

    /// Opens the event stream of a page, as the live-reload script does.
    fn subscribe(&self, page_html: &str) -> Events {
        let page = attribute(page_html, "data-page");
        let hash = attribute(page_html, "data-hash");
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /__stegvis/events?page={page}&hash={hash} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        events.wait_for("event: state", "the first state");
        events
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.root.join(file), text).unwrap();
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.root.join(file)).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        self.write(file, &text.replacen(from, to, 1));
    }

    /// Waits until `path` (a page) satisfies `ok`.
    fn wait_for_page(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let reply = self.get(&format!("{}{path}", self.base));
            if reply.status == 200 && ok(&reply.body) {
                return reply.body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{what}: never seen on {path}\nlog:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn attribute(html: &str, name: &str) -> String {
    let start = html.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Reads the stream until `needle` has arrived (after what was already seen).
    fn wait_for(&mut self, needle: &str, what: &str) -> String {
        let start = Instant::now();
        let from = self.seen.len();
        let mut buffer = [0u8; 4096];
        loop {
            if let Some(at) = self.seen[from..].find(needle) {
                let found = self.seen[from + at..].to_string();
                self.seen.truncate(from + at + needle.len());
                return found;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{what}: no `{needle}` in:\n{}",
                self.seen
            );
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(_) => {}
            }
        }
    }
}

const UPGRADE: &str = "content/nl-NL/billing/upgrade.md";

#[test]
fn an_edit_is_served_and_the_open_page_is_told_to_reload() {
    let server = start("contract", &[]);
    let before = server.page("nl-NL/billing/upgrade/");
    assert!(
        before.contains("<script src=\"/__stegvis/live.js\""),
        "the live-reload script is added"
    );
    let mut events = server.subscribe(&before);
    let other = server.page("nl-NL/billing/cancel/");
    let mut other_events = server.subscribe(&other);

    server.edit(
        UPGRADE,
        "Meld u aan bij de portal.",
        "Meld u aan bij het nieuwe portaal.",
    );
    let reload = events.wait_for("event: reload", "the edited page reloads");
    assert!(reload.contains("data: nl-NL/billing/upgrade/index.html"));
    let after = server.page("nl-NL/billing/upgrade/");
    assert!(after.contains("Meld u aan bij het nieuwe portaal."));
    // The other page did not change: it gets the new state, not a reload.
    other_events.wait_for("event: state", "the other page hears of the rebuild");
    assert!(
        !other_events.seen.contains("event: reload"),
        "{}",
        other_events.seen
    );

    let script = server.get("/__stegvis/live.js");
    assert_eq!(script.status, 200);
    assert!(
        script.headers.contains("content-type: text/javascript")
            && script.body.contains("EventSource")
    );
}

#[test]
fn broken_yaml_shows_the_overlay_until_it_is_fixed() {
    let server = start("contract", &[]);
    let page = server.page("nl-NL/billing/cancel/");
    assert!(!page.contains("<aside id=\"stegvis-overlay\""));
    let mut events = server.subscribe(&page);

    server.edit(
        UPGRADE,
        "title: Uw account upgraden",
        "title: [Uw account upgraden",
    );
    events.wait_for("SV0003", "the error reaches the open page");
    assert!(
        events
            .seen
            .contains("\"at\":\"content/nl-NL/billing/upgrade.md:"),
        "{}",
        events.seen
    );
    let shown = server.wait_for_page("nl-NL/billing/cancel/", "the overlay", |b| {
        b.contains("<aside id=\"stegvis-overlay\"")
    });
    assert!(shown.contains("SV0003: front matter is not valid YAML"));
    // The terminal shows it too (printed just after the pages are told).
    let start = Instant::now();
    while !server.log.lock().unwrap().contains("error[SV0003]") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "not in the terminal"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    server.edit(
        UPGRADE,
        "title: [Uw account upgraden",
        "title: Uw account upgraden",
    );
    events.wait_for("\"errors\":[]", "the fix reaches the open page");
    server.wait_for_page("nl-NL/billing/cancel/", "the overlay gone", |b| {
        !b.contains("<aside id=\"stegvis-overlay\"")
    });
}

#[test]
fn editors_files_deletes_and_new_locales_keep_the_server_running() {
    let server = start("contract", &[]);
    // Swap and backup files are no part of the site.
    server.write("content/nl-NL/billing/.upgrade.md.swp", "binary junk");
    server.write("content/nl-NL/billing/upgrade.md~", "old text");
    server.write("content/nl-NL/billing/#upgrade.md#", "autosave");
    assert_eq!(
        server
            .get(&format!("{}nl-NL/billing/upgrade.md~", server.base))
            .status,
        404
    );
    // A half-written file, then the whole file.
    server.write("content/nl-NL/billing/new.md", "---\ntitle: Ha");
    server.wait_for_page("nl-NL/billing/new/", "the half-written page", |b| {
        b.contains("SV0002")
    });
    server.write("content/nl-NL/billing/new.md", "---\ntitle: Halfweg\ndescription: Nu heel.\nms.date: 01/02/2024\n---\n# Halfweg\n\nKlaar.\n");
    server.wait_for_page("nl-NL/billing/new/", "the finished page", |b| {
        b.contains("Klaar.")
    });
    // Deleted: the page goes.
    std::fs::remove_file(server.root.join("content/nl-NL/billing/new.md")).unwrap();
    let start = Instant::now();
    while server
        .get(&format!("{}nl-NL/billing/new/", server.base))
        .status
        != 404
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the deleted page is still served"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A whole folder moved.
    std::fs::rename(
        server.root.join("content/nl-NL/billing"),
        server.root.join("content/nl-NL/account"),
    )
    .unwrap();
    server.wait_for_page("nl-NL/account/upgrade/", "the moved folder", |b| {
        b.contains("<h1")
    });
    // A locale folder added.
    std::fs::create_dir_all(server.root.join("content/de-DE/account")).unwrap();
    server.write("content/de-DE/account/upgrade.md", "---\ntitle: Konto upgraden\ndescription: So geht es.\nms.date: 01/02/2024\nms.assetid: 6f1c2a9e-0b7d-4c55-9d1e-6a3f8e2b4c10\n---\n# Konto upgraden\n");
    server.wait_for_page("de-DE/account/upgrade/", "the new locale", |b| {
        b.contains("Konto upgraden")
    });
    server.wait_for_page("nl-NL/account/upgrade/", "the switcher offers it", |b| {
        b.contains("hreflang=\"de-DE\"")
    });
}

#[test]
fn nothing_outside_the_site_is_served() {
    let server = start("contract", &[]);
    // A file outside the site, and a symbolic link to it made after the start.
    let secret = server._dir.path().join("secret.txt");
    std::fs::write(&secret, "top secret").unwrap();
    #[cfg(unix)]
    {
        let media = server.root.join("content/nl-NL/billing/media/search.png");
        std::fs::remove_file(&media).unwrap();
        std::os::unix::fs::symlink(&secret, &media).unwrap();
    }
    for raw in [
        "/../secret.txt",
        "/nl-NL/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/nl-NL/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/content/nl-NL/billing/upgrade.md",
        "/stegvis.toml",
        "/nl-NL/billing/media/search.png",
    ] {
        let reply = server.get(raw);
        assert_eq!(reply.status, 404, "{raw}");
        assert!(
            !reply.body.contains("top secret") && !reply.body.contains("root:"),
            "{raw}"
        );
    }
    // The 404 page of the locale the path is in.
    let missing = server.get("/sv-SE/nothing/here/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html lang=\"sv-SE\""));
    let missing = server.get("/nothing/");
    assert!(
        missing.body.contains("<html lang=\"nl-NL\""),
        "the default locale's"
    );

    let types = [
        ("/nl-NL/billing/upgrade/", "text/html; charset=utf-8"),
        ("/nl-NL/billing/upgrade/index.json", "application/json"),
        ("/sitemap.xml", "text/xml"),
        ("/nl-NL/billing/media/search-large.png", "image/png"),
    ];
    for (path, wanted) in types {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.headers.contains(&format!("content-type: {wanted}")),
            "{path}: {}",
            reply.headers
        );
    }
    assert_eq!(
        server.get("/nl-NL/billing/upgrade").status,
        308,
        "a folder without its slash"
    );
}

#[test]
fn a_taken_port_is_reported_with_the_way_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let (_dir, root) = site("contract");
    let output = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["serve", "--port", &port])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is taken")) && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn a_base_path_is_served_under_it() {
    let server = start("contract", &["--base-url", "/help/"]);
    assert_eq!(server.base, "/help/");
    assert!(
        server
            .page("nl-NL/billing/upgrade/")
            .contains("href=\"/help/nl-NL/billing/cancel/#cancel-steps\"")
    );
    assert_eq!(server.get("/nl-NL/billing/upgrade/").status, 404);
}

#[test]
fn build_output_never_has_the_live_reload_script() {
    let (dir, root) = site("contract");
    let out = dir.path().join("public");
    crate::support::stegvis(&["build", "--out", out.to_str().unwrap()], &root);
    fn scan(dir: &Path) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                assert!(
                    !text.contains("__stegvis") && !text.contains("stegvis-overlay"),
                    "{}",
                    path.display()
                );
            }
        }
    }
    scan(&out);
}

#[test]
fn search_is_served_as_build_writes_it_and_follows_edits() {
    let server = start("contract", &[]);
    let page = server.page("nl-NL/search.html");
    assert!(page.contains("data-bundle=\"/pagefind/nl-NL/\""), "{page}");
    let entry = server.get("/pagefind/nl-NL/pagefind-entry.json");
    assert_eq!(entry.status, 200, "{}", entry.body);
    let json: serde_json::Value = serde_json::from_str(&entry.body).unwrap();
    assert_eq!(json["languages"]["nl-nl"]["page_count"], 2);
    assert_eq!(server.get("/pagefind/nl-NL/pagefind.js").status, 200);
    assert_eq!(server.get("/pagefind/nl-NL/no-such-file.js").status, 404);
    // A new article is in the index of the next generation.
    std::fs::write(
        server.root.join("content/nl-NL/billing/refund.md"),
        "---\ntitle: Terugbetaling\ndescription: Geld terug.\nms.date: 03/11/2021\n---\n# Terugbetaling\n\nVraag het geld terug.\n",
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let entry = server.get("/pagefind/nl-NL/pagefind-entry.json");
        let json: serde_json::Value = serde_json::from_str(&entry.body).unwrap();
        if json["languages"]["nl-nl"]["page_count"] == 3 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new article never reached the index"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
