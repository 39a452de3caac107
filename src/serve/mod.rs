//! `stegvis serve`: the site from memory over HTTP, rebuilt as its files
//! change, with live reload and an error overlay.
//!
//! - The `Workspace` holds the parsed site; a watcher thread feeds it the
//!   paths that changed, and it redoes only what they affect.
//! - Pages are rendered on request from the current workspace, exactly as
//!   `build` writes them, plus the live-reload script (`live`).
//! - Each open page keeps an event stream; after a rebuild it renders that
//!   page again and tells the browser to reload only when it changed.

mod live;
mod paths;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::{mpsc, watch as tokio_watch};

pub use live::State as Overlay;

use crate::Fatal;
use crate::diagnostics::Diagnostic;
use crate::model::Locale;
use crate::progress::Silent;
use crate::render::{Common, Index, Output, Renderer};
use crate::workspace::{Update, Workspace};
use paths::{Wanted, content_type, resolve};

/// Validated options of `stegvis serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub open: bool,
}

/// What `serve` tells the person running it; the binary prints it.
pub trait Reporter: Send + Sync + 'static {
    /// The server is listening at `url`.
    fn listening(&self, url: &str);
    /// A rebuild after a change to `changed` gave `diagnostics` (all of them).
    fn rebuilt(&self, update: &Update, diagnostics: &[Diagnostic], changed: &[PathBuf]);
    /// A rebuild stopped (an invalid `stegvis.toml`); the last good site is still served.
    fn failed(&self, diagnostics: &[Diagnostic]);
}

/// The server's state, shared by the handlers and the rebuild thread.
struct App {
    workspace: RwLock<Workspace>,
    /// What rendering needs besides the workspace, for the current generation.
    parts: Mutex<(u64, Option<Arc<Parts>>)>,
    overlay: RwLock<live::State>,
    /// Bumped after every rebuild that changed something.
    generation: tokio_watch::Sender<u64>,
    /// The search index of a generation, made on the first request for one
    /// of its files: it needs every page rendered, too much for each rebuild.
    search: Mutex<(u64, Option<Arc<SearchFiles>>)>,
    /// Pages and other rendered files of the current generation, as rendered,
    /// so that asking again costs nothing.
    rendered: Mutex<Rendered>,
}

/// Rendered files of one generation, up to `RENDERED_LIMIT` bytes in all.
#[derive(Default)]
struct Rendered {
    generation: u64,
    bytes: usize,
    files: std::collections::HashMap<String, Arc<Vec<u8>>>,
}

/// Enough for the pages a writer has open and what they link to; a page
/// rendered again costs a millisecond or two, memory is held for good.
const RENDERED_LIMIT: usize = 16 << 20;

/// The published files of one generation, and what its pages share.
struct Parts {
    index: Index,
    common: Common,
}

/// The files of the search index (`pagefind/…`), by path, or why there are none.
type SearchFiles = Result<std::collections::HashMap<String, Vec<u8>>, String>;

impl App {
    fn index(&self, ws: &Workspace) -> Arc<Parts> {
        let mut cached = self.parts.lock().unwrap_or_else(|e| e.into_inner());
        match &cached.1 {
            Some(parts) if cached.0 == ws.generation => parts.clone(),
            _ => {
                let parts = Arc::new(Parts {
                    index: Index::new(&ws.site, &ws.theme),
                    common: Common::new(&ws.site, &ws.theme, &ws.i18n),
                });
                *cached = (ws.generation, Some(parts.clone()));
                parts
            }
        }
    }

    /// After a rebuild: forgets the rendered files it may have changed
    /// (`pages`, or all of them), and keeps the others for `generation`.
    fn forget(&self, pages: Option<&[String]>, generation: u64) {
        let mut cache = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
        match pages {
            Some(pages) => {
                for page in pages {
                    if let Some(bytes) = cache.files.remove(page) {
                        cache.bytes -= bytes.len();
                    }
                }
                cache.generation = generation;
                // The same files and the same navigation: the parts still hold.
                let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
                parts.0 = generation;
            }
            None => *cache = Rendered::default(),
        }
    }

    fn overlay(&self) -> live::State {
        self.overlay.read().map(|o| o.clone()).unwrap_or_default()
    }

    /// The response to a GET of `raw` (the request's path).
    fn respond(&self, raw: &str) -> Response {
        let ws = self.workspace.read().unwrap_or_else(|e| e.into_inner());
        let index = self.index(&ws);
        let base = ws.site.config.base_url.path().to_string();
        match resolve(raw, &base, |p| index.index.contains(p)) {
            Wanted::Invalid => self.not_found(&ws, &index, None),
            Wanted::Redirect(to) => redirect(&to),
            Wanted::File(path) if path.starts_with("pagefind/") => {
                match self.search_file(&ws, &path) {
                    Some(response) => response,
                    None => self.not_found(&ws, &index, Some(&path)),
                }
            }
            Wanted::File(path) => match self.file(&ws, &index, &path) {
                Some(response) => response,
                None => self.not_found(&ws, &index, Some(&path)),
            },
        }
    }

    /// A file of the site as `build` writes it, rendered once per generation.
    fn output(
        &self,
        ws: &Workspace,
        index: &Parts,
        path: &str,
    ) -> Option<Result<Output, Box<crate::diagnostics::Diagnostic>>> {
        {
            let cache = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
            if cache.generation == ws.generation
                && let Some(bytes) = cache.files.get(path)
            {
                return Some(Ok(Output::Bytes {
                    path: path.to_string(),
                    bytes: bytes.to_vec(),
                }));
            }
        }
        let output =
            Renderer::new(&ws.site, &ws.theme, &ws.i18n, &index.common).file(&index.index, path)?;
        if let Ok(Output::Bytes { bytes, .. }) = &output {
            let mut cache = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
            if cache.generation != ws.generation || cache.bytes + bytes.len() > RENDERED_LIMIT {
                *cache = Rendered {
                    generation: ws.generation,
                    ..Rendered::default()
                };
            }
            cache.bytes += bytes.len();
            cache
                .files
                .insert(path.to_string(), Arc::new(bytes.clone()));
        }
        Some(output)
    }

    /// A file of the site, as `build` would write it (pages with the
    /// live-reload script added).
    fn file(&self, ws: &Workspace, index: &Parts, path: &str) -> Option<Response> {
        let output = self.output(ws, index, path)?;
        Some(match output {
            Ok(Output::Bytes { bytes, .. }) => {
                let bytes = if path.ends_with(".html") {
                    live::inject(&bytes, path, live::version(&bytes), &self.overlay())
                } else {
                    bytes
                };
                ok(path, bytes)
            }
            Ok(Output::Copy { from, .. }) => {
                // Listed when the site was read, but it may have changed since:
                // never follow it out of the site folder.
                let inside = from
                    .canonicalize()
                    .ok()
                    .zip(ws.root().canonicalize().ok())
                    .is_some_and(|(f, r)| f.starts_with(r));
                match std::fs::read(&from) {
                    Ok(bytes) if inside => ok(path, bytes),
                    _ => return None,
                }
            }
            // Serve renders every file it is asked for; it keeps none.
            Ok(Output::Kept { .. }) => return None,
            Err(diagnostic) => {
                let text = format!("stegvis could not render {path}:\n{}\n", diagnostic.message);
                plain(StatusCode::INTERNAL_SERVER_ERROR, text)
            }
        })
    }

    /// A file of the search index, made as `build` makes it.
    fn search_file(&self, ws: &Workspace, path: &str) -> Option<Response> {
        let files = {
            let mut cached = self.search.lock().unwrap_or_else(|e| e.into_inner());
            if cached.0 != ws.generation || cached.1.is_none() {
                *cached = (ws.generation, Some(Arc::new(search_files(ws))));
            }
            cached.1.clone()?
        };
        match files.as_ref() {
            Ok(files) => files.get(path).map(|bytes| ok(path, bytes.clone())),
            Err(message) => Some(plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("{message}\n"),
            )),
        }
    }

    /// The 404 page of the locale the path is in (else the default locale's).
    fn not_found(&self, ws: &Workspace, index: &Parts, path: Option<&str>) -> Response {
        let site = &ws.site;
        let first = path.and_then(|p| p.split('/').next()).unwrap_or_default();
        let locale = site
            .locales
            .iter()
            .find(|l| l.as_str() == first)
            .unwrap_or(&site.default_locale);
        let page = format!("{locale}/404.html");
        let fallback = format!("{}/404.html", Locale::fallback());
        let mut response = self
            .file(ws, index, &page)
            .or_else(|| self.file(ws, index, &fallback))
            .unwrap_or_else(|| plain(StatusCode::NOT_FOUND, "not found\n".into()));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response
    }

    /// The version of page `path` now, if it is a page of the site.
    fn version(&self, path: &str) -> Option<u64> {
        let ws = self.workspace.read().unwrap_or_else(|e| e.into_inner());
        let index = self.index(&ws);
        match self.output(&ws, &index, path)? {
            Ok(Output::Bytes { bytes, .. }) => Some(live::version(&bytes)),
            _ => None,
        }
    }
}

/// Renders the whole site and indexes it, as `build` does.
fn search_files(ws: &Workspace) -> SearchFiles {
    if !ws.site.config.search {
        return Ok(Default::default());
    }
    let collected = crate::render::Collect::default();
    let rendered = crate::render::render(
        &ws.site,
        &ws.theme,
        &ws.i18n,
        &Silent,
        &collected,
        &Default::default(),
    );
    let pages: std::collections::HashMap<String, Vec<u8>> = collected
        .into_outputs()
        .into_iter()
        .filter_map(|o| match o {
            Output::Bytes { path, bytes } => Some((path, bytes)),
            Output::Copy { .. } | Output::Kept { .. } => None,
        })
        .collect();
    let read = |path: &str| pages.get(path).cloned();
    let index =
        crate::search::index(&rendered.search_pages, &read, &Silent).map_err(|e| e.to_string())?;
    Ok(index
        .outputs
        .into_iter()
        .filter_map(|o| match o {
            Output::Bytes { path, bytes } => Some((path, bytes)),
            Output::Copy { .. } | Output::Kept { .. } => None,
        })
        .collect())
}

fn ok(path: &str, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type(path)) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // A preview: always ask again.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut response = (status, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
    if let Ok(value) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

async fn page(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().to_string();
    tokio::task::spawn_blocking(move || app.respond(&path))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn script() -> Response {
    ok("live.js", live::SCRIPT.as_bytes().to_vec())
}

#[derive(serde::Deserialize)]
struct Subscription {
    page: String,
    hash: String,
}

/// The event stream of one open page: its overlay state at once and after
/// every rebuild, and `reload` when a rebuild changed the page.
async fn events(
    State(app): State<Arc<App>>,
    Query(subscription): Query<Subscription>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let (send, receive) = mpsc::channel::<Event>(8);
    let mut generations = app.generation.subscribe();
    let mut version = u64::from_str_radix(&subscription.hash, 16).ok();
    let page = subscription.page;
    tokio::spawn(async move {
        let state = |app: &App| {
            Event::default()
                .event("state")
                .data(serde_json::to_string(&app.overlay()).unwrap_or_default())
        };
        if send.send(state(&app)).await.is_err() {
            return;
        }
        while generations.changed().await.is_ok() {
            let (app2, page2) = (app.clone(), page.clone());
            let now = tokio::task::spawn_blocking(move || app2.version(&page2))
                .await
                .ok()
                .flatten();
            if now.is_some() && now != version {
                version = now;
                if send
                    .send(Event::default().event("reload").data(page.clone()))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            if send.send(state(&app)).await.is_err() {
                return;
            }
        }
    });
    let stream = stream::unfold(receive, |mut receive| async move {
        receive.recv().await.map(|event| (Ok(event), receive))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serves `workspace` until interrupted, rebuilding it as its files change.
pub fn serve(
    options: &ServeOptions,
    workspace: Workspace,
    reporter: Arc<dyn Reporter>,
) -> Result<(), Fatal> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal::Serve(format!("cannot start the server: {e}")))?;
    let root = workspace.root().to_path_buf();
    let overlay = live::State::of(&workspace.diagnostics());
    let (generation, _) = tokio_watch::channel(workspace.generation);
    let app = Arc::new(App {
        parts: Mutex::new((u64::MAX, None)),
        workspace: RwLock::new(workspace),
        overlay: RwLock::new(overlay),
        generation,
        search: Mutex::new((u64::MAX, None)),
        rendered: Mutex::new(Rendered::default()),
    });
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| {
            Fatal::Serve(match e.kind() {
                std::io::ErrorKind::AddrInUse => format!(
                    "port {} on {} is taken; stop what uses it, or choose another port with --port",
                    options.port, options.bind
                ),
                _ => format!("cannot listen on {addr}: {e}"),
            })
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| Fatal::Serve(format!("cannot listen on {addr}: {e}")))?;
    let base = {
        let ws = app.workspace.read().unwrap_or_else(|e| e.into_inner());
        ws.site.config.base_url.path().to_string()
    };
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}{base}", local.port());

    let (watcher, batches) = watch::Watcher::new(&root)
        .map_err(|e| Fatal::Serve(format!("cannot watch {}: {e}", root.display())))?;
    let rebuilder = {
        let (app, reporter) = (app.clone(), reporter.clone());
        std::thread::Builder::new()
            .name("stegvis-rebuild".into())
            .spawn(move || rebuild_loop(app, watcher, batches, reporter))
            .map_err(|e| Fatal::Serve(format!("cannot start the rebuild thread: {e}")))?
    };

    let router = Router::new()
        .route(live::SCRIPT_PATH, get(script))
        .route(live::EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(app);
    reporter.listening(&url);
    if options.open {
        // A browser that does not start is no reason to stop serving.
        let _ = open::that_detached(&url);
    }
    let served = runtime.block_on(async {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    });
    drop(rebuilder);
    served.map_err(|e| Fatal::Serve(format!("the server stopped: {e}")))
}

/// Applies each batch of changed paths to the workspace, and tells the open
/// pages.
fn rebuild_loop(
    app: Arc<App>,
    mut watcher: watch::Watcher,
    batches: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    reporter: Arc<dyn Reporter>,
) {
    while let Ok(mut paths) = batches.recv() {
        // Take what else arrived meanwhile in one go.
        while let Ok(more) = batches.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        let result = {
            let mut ws = app.workspace.write().unwrap_or_else(|e| e.into_inner());
            ws.update(&paths)
        };
        match result {
            Ok(update) if update.changed() => {
                let ws = app.workspace.read().unwrap_or_else(|e| e.into_inner());
                app.forget(update.pages.as_deref(), ws.generation);
                let diagnostics = ws.diagnostics();
                if let Ok(mut overlay) = app.overlay.write() {
                    *overlay = live::State::of(&diagnostics);
                }
                app.generation.send_replace(ws.generation);
                drop(ws);
                reporter.rebuilt(&update, &diagnostics, &paths);
            }
            Ok(_) => {}
            Err(Fatal::Config(diagnostics)) => {
                if let Ok(mut overlay) = app.overlay.write() {
                    *overlay = live::State::of(&diagnostics);
                }
                app.generation.send_modify(|g| *g += 1);
                reporter.failed(&diagnostics);
            }
            Err(other) => reporter.failed(&[Diagnostic::new(
                crate::diagnostics::Code::ReadFailed,
                None,
                other.to_string(),
            )]),
        }
        watcher.refresh();
    }
}
