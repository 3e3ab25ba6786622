//! Review mode (issue 18): "Compare with…" a saved version or another saved design. While a
//! comparison is on, the canvas carries an overlay (this module's [`Overlay`], a layer of
//! its own above the diagram, drawn from the engine's `diff`) and the Versions panel
//! (`review_panel`) lists the differences and their deltas. Nothing is computed here: the
//! structure comes from `diff::changes`, the findings, bill and latency deltas from
//! `diff::diff`; the view only draws them.
//!
//! The comparison runs *from* the chosen version or design (before) *to* the design as it is
//! now (after): "added" is what the open design has and the other has not.
//!
//! Marks are told apart by more than colour (Okabe–Ito colours, safe for the common colour
//! blindnesses, plus a line style and a glyph each): added — solid outline, `+`; removed — a
//! ghost where it was (dashed, hatched, faded), `−`; changed — dotted outline, `Δ`. A legend
//! on the canvas says so. Leaving the comparison (the legend's button, the panel's, or
//! Escape) removes the overlay: the normal view is back.

use crate::state::{use_app, AppState};
use crate::versions::{self, Version};
use cloudwright_engine::diff::{self, Changes, Diff};
use cloudwright_engine::{diagram, ConnId, Design, Rect};
use leptos::ev;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the open design is compared with.
#[derive(Clone, Debug)]
pub struct Target {
    /// How the panel and legend name it: `version “Before workshop”`, `design “Orders API”`.
    pub title: String,
    pub before: Arc<Design>,
}

impl PartialEq for Target {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title && Arc::ptr_eq(&self.before, &other.before)
    }
}

/// The review state, provided once by the shell.
#[derive(Clone, Copy)]
pub struct Review {
    /// `Some` while comparing.
    pub target: RwSignal<Option<Target>>,
    /// The structural differences (`diff::changes`, cheap: no analysis), following every
    /// change of the design, moves included, so the overlay follows the diagram.
    pub changes: Memo<Option<Arc<Changes>>>,
    /// The whole review (`diff::diff`: findings, bill and latency on both sides), recomputed
    /// only when something the analyses read changed (`analysis_rev`), never on a move.
    pub diff: Memo<Option<Arc<Diff>>>,
    /// Connector routes of the other design (`diagram::route_all`), for removed connections.
    before_routes: Memo<Option<Arc<BTreeMap<ConnId, String>>>>,
    /// The open design's versions, newest first (loaded when a design opens).
    pub versions: RwSignal<Vec<Version>>,
}

pub fn use_review() -> Review {
    expect_context::<Review>()
}

/// Provides the review state; reloads the versions list and leaves any comparison when
/// another design is opened; Escape leaves a comparison.
pub fn provide(app: AppState) {
    let target: RwSignal<Option<Target>> = RwSignal::new(None);
    let changes = Memo::new(move |_| {
        let t = target.get()?;
        Some(Arc::new(app.design.with(|d| diff::changes(&t.before, d))))
    });
    let diff = Memo::new(move |_| {
        app.analysis_rev.track();
        let t = target.get()?;
        // (Through the analyses' code, `analysis_worker::Code`: a comparison starts from the
        // Versions panel, by which time it is in.)
        let code = crate::analysis_worker::loaded()?;
        Some(Arc::new(app.design.with_untracked(|d| (code.diff)(&t.before, d))))
    });
    let before_routes = Memo::new(move |_| {
        let t = target.get()?;
        Some(Arc::new(cloudwright_engine::order::map(diagram::route_all(&t.before).into_iter().map(|(id, r)| (id, r.path())))))
    });
    let versions = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let id = app.design_id.get();
        target.set(None);
        versions.set(Vec::new());
        leptos::task::spawn_local(async move {
            let list = versions::list(&id).await;
            // Only if the same design is still open.
            if app.design_id.get_untracked() == id {
                versions.set(list);
            }
        });
    });
    let esc = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && !crate::keyboard::typing_in_field(&e) && target.with_untracked(Option::is_some) {
            target.set(None);
        }
    });
    on_cleanup(move || esc.remove());
    provide_context(Review { target, changes, diff, before_routes, versions });
}

/// Starts comparing with `before` (and shows the Versions panel, where the deltas are).
pub fn compare_with(review: Review, title: String, before: Arc<Design>) {
    review.target.set(Some(Target { title, before }));
    crate::sidepanel::open_tab(crate::sidepanel::Tab::Versions);
}

// ---------------------------------------------------------------- drawing

/// Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"): added bluish green
/// `#009E73`, removed vermillion `#D55E00`, changed blue `#0072B2` — distinct under
/// protanopia, deuteranopia and tritanopia; each mark also has its own line style and glyph,
/// so colour is never the only cue. The marks take them from styles/app.css; the removed
/// ghosts' hatching, an SVG pattern, from here.
const REMOVED: &str = "#D55E00";

/// The three kinds of mark: CSS class, glyph, words.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Added,
    Removed,
    Changed,
}

impl Mark {
    fn class(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed",
        }
    }
    fn glyph(self) -> &'static str {
        match self {
            Mark::Added => "+",
            Mark::Removed => "\u{2212}",
            Mark::Changed => "\u{394}",
        }
    }
}

/// The point halfway along a path `M x,y L x,y …` (where an edge's badge sits).
fn midpoint(path: &str) -> Option<(f64, f64)> {
    let pts: Vec<(f64, f64)> = path
        .split(['M', 'L'])
        .filter_map(|p| {
            let (x, y) = p.trim().split_once(',')?;
            Some((x.trim().parse().ok()?, y.trim().parse().ok()?))
        })
        .collect();
    let len = |a: (f64, f64), b: (f64, f64)| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let total: f64 = pts.windows(2).map(|w| len(w[0], w[1])).sum();
    let mut left = total / 2.0;
    for w in pts.windows(2) {
        let l = len(w[0], w[1]);
        if l >= left && l > 0.0 {
            let t = left / l;
            return Some((w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t));
        }
        left -= l;
    }
    pts.first().copied()
}

fn badge(mark: Mark, x: f64, y: f64) -> impl IntoView {
    view! {
        <g class=format!("review-badge {}", mark.class())>
            <circle cx=x cy=y r="9"></circle>
            <text x=x y=y + 4.5 text-anchor="middle">{mark.glyph()}</text>
        </g>
    }
}

/// A component's mark: an outline around it (added, changed) or its ghost where it was
/// (removed: the other design's rectangle, hatched, with its label).
fn node_mark(mark: Mark, id: String, kind: &str, r: Rect, label: String, what: String) -> impl IntoView {
    let pad = 5.0;
    let (x, y, w, h) = (r.x - pad, r.y - pad, r.w + 2.0 * pad, r.h + 2.0 * pad);
    // A removed component's ghost is hatched; a removed container only outlined, with its
    // label at the top, so it does not veil what is drawn inside its old frame now.
    let container = cloudwright_engine::catalog::kind(kind).is_some_and(|k| k.container);
    let ghost = (mark == Mark::Removed).then(|| {
        if container {
            view! { <text class="review-ghost-label" x=r.x + 28.0 y=r.y + 18.0>{label.clone()}</text> }.into_any()
        } else {
            view! {
                <rect class="review-ghost" x=r.x y=r.y width=r.w height=r.h rx="4"></rect>
                <text class="review-ghost-label" x=r.x + r.w / 2.0 y=r.y + r.h / 2.0 + 4.0 text-anchor="middle">{label.clone()}</text>
            }
            .into_any()
        }
    });
    view! {
        <g class=format!("review-mark {}", mark.class()) data-review-node=id>
            <title>{what}</title>
            {ghost}
            <rect class="review-outline" x=x y=y width=w height=h rx="6"></rect>
            {badge(mark, x, y)}
        </g>
    }
}

fn edge_mark(mark: Mark, id: String, path: String, what: String) -> impl IntoView {
    let mid = midpoint(&path);
    view! {
        <g class=format!("review-edge {}", mark.class()) data-review-conn=id>
            <title>{what}</title>
            <path d=path></path>
            {mid.map(|(x, y)| badge(mark, x, y))}
        </g>
    }
}

/// The overlay on the canvas while comparing: marks for every component and connection the
/// engine's diff names, and the legend. Drawn in its own SVG layer above the diagram (no
/// pointer events), so the diagram itself is untouched and editing goes on underneath.
#[component]
pub fn Overlay() -> impl IntoView {
    let app = use_app();
    let review = use_review();
    let routes = crate::canvas::use_routes();
    let transform = move || app.view.with(|v| format!("translate({} {}) scale({})", v.tx, v.ty, v.zoom));
    let marks = move || {
        let c = review.changes.get()?;
        let before = review.target.with(|t| t.as_ref().map(|t| t.before.clone()))?;
        let before_routes = review.before_routes.get().unwrap_or_default();
        let now_routes = routes.get();
        app.design.with(|d| {
            let mut out = Vec::new();
            // Ghosts first (underneath), then connections, then outlines.
            for n in &c.nodes_removed {
                if let Some(r) = before.layout.get(&diff_id(&n.id)) {
                    let what = format!("Removed: {} ({})", n.label, n.kind);
                    out.push(node_mark(Mark::Removed, n.id.clone(), &n.kind, *r, n.label.clone(), what).into_any());
                }
            }
            for x in &c.connections_removed {
                if let Some(p) = before_routes.get(&ConnId::new(&x.id)) {
                    out.push(edge_mark(Mark::Removed, x.id.clone(), p.clone(), format!("Removed connection: {} → {}", x.from, x.to)).into_any());
                }
            }
            for x in &c.connections_added {
                if let Some(p) = now_routes.get(&ConnId::new(&x.id)) {
                    out.push(edge_mark(Mark::Added, x.id.clone(), p.clone(), format!("Added connection: {} → {}", x.from, x.to)).into_any());
                }
            }
            for x in &c.connections_changed {
                if let Some(p) = now_routes.get(&ConnId::new(&x.id)) {
                    let fields: Vec<&str> = x.fields.iter().map(|f| f.field.as_str()).collect();
                    out.push(edge_mark(Mark::Changed, x.id.clone(), p.clone(), format!("Changed connection {} → {}: {}", x.from, x.to, fields.join(", "))).into_any());
                }
            }
            for n in &c.nodes_added {
                if let Some(r) = d.layout.get(&diff_id(&n.id)) {
                    out.push(node_mark(Mark::Added, n.id.clone(), &n.kind, *r, n.label.clone(), format!("Added: {} ({})", n.label, n.kind)).into_any());
                }
            }
            for n in &c.nodes_changed {
                if let Some(r) = d.layout.get(&diff_id(&n.id)) {
                    let fields: Vec<&str> = n.fields.iter().map(|f| f.field.as_str()).collect();
                    out.push(node_mark(Mark::Changed, n.id.clone(), &n.kind, *r, n.label.clone(), format!("Changed: {} — {}", n.label, fields.join(", "))).into_any());
                }
            }
            Some(out)
        })
    };
    view! {
        <Show when=move || review.target.with(Option::is_some)>
            <svg class="review-layer" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">
                <defs>
                    <pattern id="review-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="8" height="8" fill="rgba(255,255,255,0.75)"></rect>
                        <line x1="0" y1="0" x2="0" y2="8" stroke=REMOVED stroke-width="2" stroke-opacity="0.45"></line>
                    </pattern>
                </defs>
                <g transform=transform>{marks}</g>
            </svg>
            <Legend/>
        </Show>
    }
}

fn diff_id(id: &str) -> cloudwright_engine::NodeId {
    cloudwright_engine::NodeId::new(id)
}

/// A swatch for the legend: the mark's line style and its badge.
fn swatch(mark: Mark) -> impl IntoView {
    view! {
        <svg class=format!("review-swatch {}", mark.class()) width="46" height="22" viewBox="0 0 46 22" aria-hidden="true">
            {(mark == Mark::Removed).then(|| view! { <rect class="review-ghost" x="3" y="4" width="22" height="14" rx="2"></rect> })}
            <rect class="review-outline" x="3" y="4" width="22" height="14" rx="3"></rect>
            <g class=format!("review-badge {}", mark.class())>
                <circle cx="35" cy="11" r="8"></circle>
                <text x="35" y="15" text-anchor="middle">{mark.glyph()}</text>
            </g>
        </svg>
    }
}

/// The legend on the canvas: what is compared, what each mark means, how to leave.
#[component]
fn Legend() -> impl IntoView {
    let review = use_review();
    let title = move || review.target.with(|t| t.as_ref().map(|t| t.title.clone()).unwrap_or_default());
    view! {
        <div class="review-legend" role="region" aria-label="Comparison legend">
            <div class="review-legend-title">"Compared with " {title} " → now"</div>
            <ul>
                <li>{swatch(Mark::Added)}"Added"</li>
                <li>{swatch(Mark::Removed)}"Removed (ghost where it was)"</li>
                <li>{swatch(Mark::Changed)}"Changed"</li>
            </ul>
            <button id="leave-compare" on:click=move |_| review.target.set(None) title="Back to the normal view (Escape)">"Leave compare"</button>
        </div>
    }
}
